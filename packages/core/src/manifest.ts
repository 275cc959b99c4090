import type { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { once } from 'node:events'
import { PassThrough } from 'node:stream'
import { wrapAwsError } from './aws-error.js'
import { listObjectsInParallel } from './listing/parallel.js'
import type { ListedObject } from './listing/sequential.js'
import { encodeManifestKey } from './manifest-key.js'

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
  /** Most listing requests in flight. Default: 16. */
  listConcurrency?: number
  /** Called after each listed page with the running count. */
  onProgress?: (listed: number) => void
}

export interface BuiltManifest {
  objectCount: number
  totalBytes: number
  /** Absent when the bucket had nothing to copy: no manifest was written. */
  location?: { bucket: string; key: string; etag: string }
}

/**
 * Lists the source with many requests at once (listObjectsInParallel) and streams the manifest
 * straight into a multipart upload: memory stays flat however many keys there are (backpressure
 * from the upload pauses the listing). Lines are in no particular order; each key appears once. Uploaded with
 * SSE-S3, since KMS-encrypted CSV manifests are not supported (UG batch-ops-create-job).
 * Nothing is uploaded when there is nothing to copy.
 */
export async function buildManifest(options: BuildManifestOptions): Promise<BuiltManifest> {
  let objectCount = 0
  let totalBytes = 0
  let stream: PassThrough | undefined
  let upload: Upload | undefined
  let uploaded: Promise<{ ETag?: string | undefined }> | undefined
  try {
    const pages = listObjectsInParallel(options.sourceS3, {
      bucket: options.source,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(options.listConcurrency === undefined ? {} : { concurrency: options.listConcurrency }),
    })
    for await (const page of pages) {
      if (page.length === 0) continue
      if (stream === undefined) {
        stream = new PassThrough()
        upload = new Upload({
          client: options.manifestS3,
          params: {
            Bucket: options.manifest.bucket,
            Key: options.manifest.key,
            Body: stream,
            ContentType: 'text/csv',
            ServerSideEncryption: 'AES256',
          },
          // Part buffers are most of the memory a manifest build holds: keep them at the minimum.
          queueSize: 1,
          partSize: 5 * 1024 * 1024,
        })
        uploaded = upload.done()
        uploaded.catch(() => {}) // observed below; avoids an unhandled rejection while listing
      }
      objectCount += page.length
      for (const object of page) totalBytes += object.size
      if (!stream.write(manifestLines(options.source, page))) await Promise.race([once(stream, 'drain'), uploaded])
      options.onProgress?.(objectCount)
    }
  } catch (error) {
    stream?.destroy()
    await upload?.abort().catch(() => {})
    throw wrapAwsError(error, 'ListObjectsV2', `Listing s3://${options.source}/${options.prefix ?? ''}`)
  }
  if (stream === undefined || uploaded === undefined) return { objectCount, totalBytes }
  stream.end()
  let etag: string | undefined
  try {
    etag = (await uploaded).ETag
  } catch (error) {
    throw wrapAwsError(error, 'PutObject', `Uploading the manifest to s3://${options.manifest.bucket}/${options.manifest.key}`)
  }
  // CreateJob wants the ETag without its quotes (aws-cli create-job example).
  return { objectCount, totalBytes, location: { ...options.manifest, etag: (etag ?? '').replaceAll('"', '') } }
}
