import type { S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws/aws-error.js'
import { InterruptedError } from '../errors.js'
import { objectsToCopy } from '../listing/objects-to-copy.js'
import type { ListedObject } from '../listing/sequential.js'
import type { Diverted } from '../seed/types.js'
import { emptyTally, routePage } from './diverted.js'
import { encodeManifestKey } from './manifest-key.js'
import { ManifestUpload } from './manifest-upload.js'

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
  prefix?: string | undefined
  manifest: { bucket: string; key: string }
  /** Most listing requests in flight. Default: 64. */
  listConcurrency?: number | undefined
  /** Only copy what is missing from (or different in) this bucket. Default: copy everything. */
  onlyChangedIn?: { s3: S3Client; bucket: string } | undefined
  /** Called for every archived object (e.g. to request its restore). */
  onArchived?: ((object: ListedObject) => Promise<void>) | undefined
  /** Objects larger than this go to `large` instead of the manifest. Default: MAX_JOB_OBJECT_BYTES (copyable.ts). */
  maxJobObjectBytes?: number | undefined
  /** Called after each listed page with the running count. */
  onProgress?: (listed: number) => void
  /** Stops the listing and aborts the upload (nothing is left behind), then throws the signal's reason. */
  signal?: AbortSignal | undefined
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
  /** The large and archived objects tallied as a seed result reports them (routePage). */
  diverted: Diverted
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
  const tally = emptyTally()
  let skipped = 0
  const large: ListedObject[] = []
  let upload: ManifestUpload | undefined
  try {
    const pages = objectsToCopy({
      sourceS3: options.sourceS3,
      source: options.source,
      prefix: options.prefix,
      listConcurrency: options.listConcurrency,
      onlyChangedIn: options.onlyChangedIn,
      onSkipped: (count) => (skipped = count),
      signal: options.signal,
    })
    for await (const listed of pages) {
      options.signal?.throwIfAborted()
      const routed = routePage(tally, listed, options.maxJobObjectBytes)
      for (const object of routed.archived) await options.onArchived?.(object)
      large.push(...routed.large)
      if (routed.job.length === 0) continue
      upload ??= new ManifestUpload(options.manifestS3, options.manifest)
      await upload.write(manifestLines(options.source, routed.job))
      options.onProgress?.(tally.objectCount)
    }
  } catch (error) {
    await upload?.abort().catch(() => {})
    if (options.signal?.aborted) throw new InterruptedError(`Interrupted while listing s3://${options.source}/${options.prefix ?? ''}; the manifest upload was aborted.`, { cause: error })
    throw wrapAwsError(error, 'ListObjectsV2', `Listing s3://${options.source}/${options.prefix ?? ''} into the manifest`)
  }
  const { objectCount, totalBytes, diverted } = tally
  const built = { objectCount, totalBytes, skipped, large, archived: diverted.archived, diverted }
  if (upload === undefined) return built
  let etag: string
  try {
    etag = await upload.complete()
  } catch (error) {
    await upload.abort().catch(() => {})
    throw wrapAwsError(error, 'PutObject', `Uploading the manifest to s3://${options.manifest.bucket}/${options.manifest.key}`)
  }
  return { ...built, location: { ...options.manifest, etag } }
}
