import type { IncomingHttpHeaders } from 'node:http'
import { members, parseXmlDocument, text, type XmlNode } from '../xml.js'
import type { WriteEvent } from './live-replication.js'

/** S3 operations that make a new version (or delete marker), and so may replicate. */
const WRITES = ['PutObject', 'CopyObject', 'CompleteMultipartUpload', 'DeleteObject', 'DeleteObjects']

/** Bucket operations after which a cached replication configuration may be stale. */
const CONFIG_CHANGES = ['PutBucketReplication', 'DeleteBucketReplication', 'CreateBucket', 'DeleteBucket', 'PutBucketVersioning']

export type WriteKind = 'write' | 'config' | undefined

/** Whether the gateway should look at an operation's answer: a write, a configuration change, or neither. */
export function writeKind(operation: string): WriteKind {
  if (WRITES.includes(operation)) return 'write'
  return CONFIG_CHANGES.includes(operation) ? 'config' : undefined
}

/** Whether the answer's body is needed (DeleteObjects lists its delete markers in the body). */
export function needsBody(operation: string): boolean {
  return operation === 'DeleteObjects'
}

/**
 * The new versions a successful S3 answer reports. Deletes that name a version ID remove that
 * version and never replicate (UG replication-what-is-isnot-replicated), so only DELETEs that made
 * a delete marker count.
 */
export function writeEventsOf(
  operation: string,
  request: { bucket: string; key: string | undefined; query: URLSearchParams },
  response: { status: number; headers: IncomingHttpHeaders; body?: Buffer },
): WriteEvent[] {
  if (response.status < 200 || response.status > 299) return []
  const header = (name: string) => {
    const value = response.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  const { bucket, key } = request
  if (operation === 'DeleteObjects') return deletedMarkers(bucket, response.body)
  if (key === undefined) return []
  const versionId = header('x-amz-version-id')
  if (versionId === undefined || versionId === 'null') return []
  if (operation === 'DeleteObject') {
    const madeMarker = header('x-amz-delete-marker') === 'true' && !request.query.has('versionId')
    return madeMarker ? [{ bucket, key, versionId, deleteMarker: true }] : []
  }
  return [{ bucket, key, versionId, deleteMarker: false }]
}

/** `<DeleteResult><Deleted><Key/><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId/></Deleted>…` */
function deletedMarkers(bucket: string, body: Buffer | undefined): WriteEvent[] {
  if (body === undefined || body.length === 0) return []
  let content: XmlNode
  try {
    content = parseXmlDocument(body.toString('utf8')).content
  } catch {
    return []
  }
  const deleted = members(content === '' ? {} : { list: content }, 'list', 'Deleted')
  return deleted.flatMap((entry): WriteEvent[] => {
    const key = text(entry, 'Key')
    const markerVersion = text(entry, 'DeleteMarkerVersionId')
    const named = text(entry, 'VersionId')
    if (key === undefined || markerVersion === undefined || text(entry, 'DeleteMarker') !== 'true' || named) return []
    return [{ bucket, key, versionId: markerVersion, deleteMarker: true }]
  })
}
