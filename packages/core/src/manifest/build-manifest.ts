import type { S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws/aws-error.js'
import { InterruptedError } from '../errors.js'
import { objectsToCopy } from '../listing/objects-to-copy.js'
import type { ListedObject } from '../listing/sequential.js'
import { encodeManifestKey } from './manifest-key.js'
import { ManifestUpload } from './manifest-upload.js'

/** The largest object a copy job copies: 5 GB (UG batch-ops-copy-object). */
export const MAX_JOB_OBJECT_BYTES = 5 * 1024 ** 3

/**
 * Archive classes a copy job cannot read without a restore (UG batch-ops-copy-object). Objects in
 * Intelligent-Tiering's archive tiers are not visible in a listing (only HeadObject's ArchiveStatus
 * shows them); their tasks fail and show in the failure summary.
 */
export const ARCHIVED_CLASSES = ['GLACIER', 'DEEP_ARCHIVE']

/** Where an object goes: the copy job, the client's multipart copy, or the archived report. */
export function routeObject(object: ListedObject, maxJobObjectBytes = MAX_JOB_OBJECT_BYTES): 'job' | 'large' | 'archived' {
  if (ARCHIVED_CLASSES.includes(object.storageClass ?? '')) return 'archived'
  return object.size > maxJobObjectBytes ? 'large' : 'job'
}

/**
 * CSV manifest lines for one page (S3BatchOperations_CSV_20180820, fields Bucket,Key): no header
 * (a header row is read as an object), one object per line, keys percent-encoded.
 */
export function manifestLines(bucket: string, objects: readonly ListedObject[]): string {
  let lines = ''
  for (const object of objects) lines += `${bucket},${encodeManifestKey(object.key)}\n`
  return lines
}

export interface BuildManifestOptions {
  /** Client for the source bucket's Region. */
  sourceS3: S3Client
  /** Client for the manifest bucket's Region. */
  manifestS3: S3Client
  source: string
  /** Only objects under this prefix. Default: the whole bucket. */
  prefix?: string
  manifest: { bucket: string; key: string }
  /** Most listing requests in flight. Default: 64. */
  listConcurrency?: number
  /** Only copy what is missing from (or different in) this bucket. Default: copy everything. */
  onlyChangedIn?: { s3: S3Client; bucket: string }
  /** Called for every archived object (e.g. to request its restore). */
  onArchived?: (object: ListedObject) => Promise<void>
  /** Objects larger than this go to `large` instead of the manifest. Default: 5 GiB, the copy job limit (UG batch-ops-copy-object). */
  maxJobObjectBytes?: number
  /** Called after each listed page with the running count. */
  onProgress?: (listed: number) => void
  /** Stops the listing and aborts the upload (nothing is left behind), then throws the signal's reason. */
  signal?: AbortSignal
}

export interface BuiltManifest {
  objectCount: number
  totalBytes: number
  /** Objects left out because the destination already has them (with onlyChangedIn). */
  skipped: number
  /** Objects too large for a copy job (over 5 GB): copy them another way (copyLargeObject). */
  large: ListedObject[]
  /** Objects in archive classes, which a copy job cannot read without a restore: left out, counted. */
  archived: { count: number; examples: string[] }
  /** Absent when the bucket had nothing to copy: no manifest was written. */
  location?: { bucket: string; key: string; etag: string }
}

/**
 * Lists the source with many requests at once (listObjectsInParallel; with onlyChangedIn, both
 * buckets over the same ranges, compareInParallel) and streams the manifest straight into a
 * multipart upload with two fixed part buffers (ManifestUpload): memory stays flat however many keys
 * there are, since a busy upload pauses the listing. Lines are in no particular order; each key
 * appears once. Nothing is uploaded when there is nothing to copy. An aborted signal stops the
 * listing and aborts the upload.
 */
export async function buildManifest(options: BuildManifestOptions): Promise<BuiltManifest> {
  let objectCount = 0
  let totalBytes = 0
  let skipped = 0
  const large: ListedObject[] = []
  const archived = { count: 0, examples: [] as string[] }
  const maxJobObjectBytes = options.maxJobObjectBytes ?? MAX_JOB_OBJECT_BYTES
  let upload: ManifestUpload | undefined
  try {
    const pages = objectsToCopy({
      sourceS3: options.sourceS3,
      source: options.source,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(options.listConcurrency === undefined ? {} : { listConcurrency: options.listConcurrency }),
      ...(options.onlyChangedIn === undefined ? {} : { onlyChangedIn: options.onlyChangedIn }),
      onSkipped: (count) => (skipped = count),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    for await (const listed of pages) {
      options.signal?.throwIfAborted()
      const page: ListedObject[] = []
      for (const object of listed) {
        const route = routeObject(object, maxJobObjectBytes)
        if (route === 'archived') {
          archived.count++
          if (archived.examples.length < 10) archived.examples.push(object.key)
          await options.onArchived?.(object)
        } else if (route === 'large') large.push(object)
        else page.push(object)
      }
      if (page.length === 0) continue
      upload ??= new ManifestUpload(options.manifestS3, options.manifest)
      objectCount += page.length
      for (const object of page) totalBytes += object.size
      await upload.write(manifestLines(options.source, page))
      options.onProgress?.(objectCount)
    }
  } catch (error) {
    await upload?.abort().catch(() => {})
    if (options.signal?.aborted) throw new InterruptedError(`Interrupted while listing s3://${options.source}/${options.prefix ?? ''}; the manifest upload was aborted.`, { cause: error })
    throw wrapAwsError(error, 'ListObjectsV2', `Listing s3://${options.source}/${options.prefix ?? ''} into the manifest`)
  }
  if (upload === undefined) return { objectCount, totalBytes, skipped, large, archived }
  let etag: string
  try {
    etag = await upload.complete()
  } catch (error) {
    await upload.abort().catch(() => {})
    throw wrapAwsError(error, 'PutObject', `Uploading the manifest to s3://${options.manifest.bucket}/${options.manifest.key}`)
  }
  return { objectCount, totalBytes, skipped, large, archived, location: { ...options.manifest, etag } }
}
