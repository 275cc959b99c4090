import type { SandboxRequest } from '../http-request.js'
import { bucketOf, objectKeyOf, s3OperationName } from '../operation-name.js'
import { parseXmlDocument, type XmlNode } from '../xml.js'

/** An S3 request as the access checks see it (path-style); the body only for DeleteObjects. */
export type S3RequestLine = Pick<SandboxRequest, 'method' | 'path' | 'query' | 'headers'> & { body?: Buffer | string }

/** One permission a request needs: an IAM action on a bucket, or on an object when `key` is set. */
export interface S3Permission {
  action: string
  bucket: string
  key?: string
}

const OBJECT_ACTIONS: Record<string, string> = {
  GetObject: 's3:GetObject', HeadObject: 's3:GetObject', GetObjectTagging: 's3:GetObjectTagging',
  ListParts: 's3:ListMultipartUploadParts', PutObject: 's3:PutObject', UploadPart: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject', CompleteMultipartUpload: 's3:PutObject', CopyObject: 's3:PutObject',
  UploadPartCopy: 's3:PutObject', PutObjectTagging: 's3:PutObjectTagging', DeleteObjectTagging: 's3:DeleteObjectTagging',
  DeleteObject: 's3:DeleteObject', AbortMultipartUpload: 's3:AbortMultipartUpload',
}

/** With a versionId, reads and deletes need the version-specific action. */
const VERSION_ACTIONS: Record<string, string> = {
  's3:GetObject': 's3:GetObjectVersion', 's3:GetObjectTagging': 's3:GetObjectVersionTagging',
  's3:GetObjectAcl': 's3:GetObjectVersionAcl', 's3:PutObjectAcl': 's3:PutObjectVersionAcl',
  's3:PutObjectTagging': 's3:PutObjectVersionTagging', 's3:DeleteObjectTagging': 's3:DeleteObjectVersionTagging',
  's3:DeleteObject': 's3:DeleteObjectVersion',
}

const BUCKET_ACTIONS: Record<string, string> = {
  ListObjects: 's3:ListBucket', ListObjectsV2: 's3:ListBucket', HeadBucket: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions', ListMultipartUploads: 's3:ListBucketMultipartUploads',
  GetBucketReplication: 's3:GetReplicationConfiguration', PutBucketReplication: 's3:PutReplicationConfiguration',
  DeleteBucketReplication: 's3:PutReplicationConfiguration', GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration', GetBucketInventoryConfiguration: 's3:GetInventoryConfiguration',
  PutBucketInventoryConfiguration: 's3:PutInventoryConfiguration', DeleteObjects: 's3:DeleteObject',
}

/** Operations that write an object, and may set its ACL or tags. */
const OBJECT_WRITES = ['PutObject', 'CopyObject', 'CreateMultipartUpload']

/**
 * The permissions an S3 request needs (S3 UG using-with-s3-policy-actions, "Required permissions
 * for Amazon S3 API operations"): the operation's action on its bucket or object, the version-specific
 * action with a versionId, s3:PutObjectAcl / s3:PutObjectTagging when a write sets an ACL or tags,
 * s3:GetObject(Version) on the source of a copy, and s3:DeleteObject(Version) on each key of a
 * DeleteObjects. Operations the sandbox does not name need `s3:<Operation>`.
 */
export function s3Permissions(request: S3RequestLine): S3Permission[] {
  const bucket = bucketOf(request.path)
  if (bucket === undefined) return []
  const operation = s3OperationName(request)
  const key = objectKeyOf(request.path)
  const versioned = (action: string) => (request.query.has('versionId') ? (VERSION_ACTIONS[action] ?? action) : action)
  if (request.query.has('acl')) {
    const action = `s3:${request.method === 'PUT' ? 'Put' : 'Get'}${key === undefined ? 'Bucket' : 'Object'}Acl`
    return [{ action: versioned(action), bucket, ...(key === undefined ? {} : { key }) }]
  }
  if (operation === 'DeleteObjects') return deletedKeys(request.body).map((entry) => ({ action: entry.versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject', bucket, key: entry.key }))
  if (key === undefined) return [{ action: BUCKET_ACTIONS[operation] ?? `s3:${operation}`, bucket }]
  const permissions: S3Permission[] = [{ action: versioned(OBJECT_ACTIONS[operation] ?? `s3:${operation}`), bucket, key }]
  if (OBJECT_WRITES.includes(operation)) {
    const headers = Object.keys(request.headers).map((name) => name.toLowerCase())
    if (headers.some((name) => name === 'x-amz-acl' || name.startsWith('x-amz-grant-'))) permissions.push({ action: 's3:PutObjectAcl', bucket, key })
    if (headers.includes('x-amz-tagging')) permissions.push({ action: 's3:PutObjectTagging', bucket, key })
  }
  const source = copySourceOf(request)
  if (source !== undefined) {
    permissions.push({ action: source.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion', bucket: source.bucket, key: source.key })
  }
  return permissions
}

/** The object a CopyObject or UploadPartCopy reads: `x-amz-copy-source: /bucket/key?versionId=v` (URL-encoded). */
export function copySourceOf(request: Pick<SandboxRequest, 'headers'>): { bucket: string; key: string; versionId?: string } | undefined {
  const raw = request.headers['x-amz-copy-source']
  const header = Array.isArray(raw) ? raw[0] : raw
  if (header === undefined) return undefined
  const [path = '', query = ''] = header.replace(/^\//, '').split('?')
  const slash = path.indexOf('/')
  if (slash < 0) return undefined
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined
  return { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)), ...(versionId ? { versionId } : {}) }
}

function deletedKeys(body: Buffer | string | undefined): Array<{ key: string; versioned: boolean }> {
  if (body === undefined || body.length === 0) return []
  const { content } = parseXmlDocument(body.toString())
  const objects = typeof content === 'object' ? content.Object : undefined
  return [objects ?? []].flat().flatMap((entry: XmlNode) =>
    typeof entry === 'object' && typeof entry.Key === 'string' ? [{ key: entry.Key, versioned: typeof entry.VersionId === 'string' }] : [],
  )
}
