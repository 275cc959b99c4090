import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3'
import { bodyText } from '../aws/lean/lean-s3.js'
import { leanS3For } from '../aws/lean/list-requests.js'
import { parseVersionPage, type VersionEntry, type VersionPage } from './version-parser.js'

export interface VersionPageInput {
  bucket: string
  prefix?: string | undefined
  /** Where the page starts: the last page's NextKeyMarker and NextVersionIdMarker. */
  keyMarker?: string | undefined
  versionIdMarker?: string | undefined
  /** Entries per page, at most 1,000. Default: 1,000. */
  maxKeys?: number | undefined
  signal?: AbortSignal | undefined
}

/**
 * One ListObjectVersions page, as a lean signed GET where the lean path serves the bucket (LeanS3,
 * as listPage), through the SDK's command otherwise. Keys come URL-encoded either way
 * (encoding-type=url: in XML a key's \r would come back as \n).
 */
export async function listVersionPage(s3: S3Client, input: VersionPageInput): Promise<VersionPage> {
  const lean = await leanS3For(s3, input.bucket)
  if (lean === undefined) return listVersionPageThroughSdk(s3, input)
  // S3 API Reference, ListObjectVersions: URI request parameters.
  const query: Record<string, string> = { versions: '', 'encoding-type': 'url' }
  if (input.prefix) query.prefix = input.prefix
  if (input.keyMarker !== undefined) query['key-marker'] = input.keyMarker
  if (input.versionIdMarker !== undefined) query['version-id-marker'] = input.versionIdMarker
  if (input.maxKeys !== undefined) query['max-keys'] = String(input.maxKeys)
  return lean.get(input.bucket, query, async (body) => parseVersionPage(await bodyText(body)), input)
}

async function listVersionPageThroughSdk(s3: S3Client, input: VersionPageInput): Promise<VersionPage> {
  const page = await s3.send(
    new ListObjectVersionsCommand({
      Bucket: input.bucket,
      EncodingType: 'url',
      ...(input.prefix ? { Prefix: input.prefix } : {}),
      ...(input.keyMarker === undefined ? {} : { KeyMarker: input.keyMarker }),
      ...(input.versionIdMarker === undefined ? {} : { VersionIdMarker: input.versionIdMarker }),
      ...(input.maxKeys === undefined ? {} : { MaxKeys: input.maxKeys }),
    }),
    input.signal ? { abortSignal: input.signal } : {},
  )
  // The SDK does not decode URL-encoded keys itself.
  const decode = (text: string) => (page.EncodingType === 'url' ? decodeURIComponent(text.replace(/\+/g, ' ')) : text)
  const entries: VersionEntry[] = []
  const add = (list: typeof page.Versions, deleteMarker: boolean) => {
    for (const entry of list ?? []) {
      if (entry.Key === undefined || entry.VersionId === undefined) continue
      entries.push({ key: decode(entry.Key), versionId: entry.VersionId, isLatest: entry.IsLatest === true, lastModified: entry.LastModified, deleteMarker })
    }
  }
  add(page.Versions, false)
  add(page.DeleteMarkers, true)
  return {
    entries,
    isTruncated: page.IsTruncated === true,
    nextKeyMarker: page.NextKeyMarker === undefined ? undefined : decode(page.NextKeyMarker),
    nextVersionIdMarker: page.NextVersionIdMarker,
  }
}
