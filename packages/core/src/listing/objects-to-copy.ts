import type { S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws/aws-error.js'
import { compareInParallel } from './compare.js'
import { listObjectsInParallel } from './parallel.js'
import { listObjectPages, type ListedObject } from './sequential.js'

export interface ObjectsToCopyOptions {
  sourceS3: S3Client
  source: string
  prefix?: string | undefined
  /** Most listing requests in flight. Default: 64. */
  listConcurrency?: number | undefined
  /**
   * Only objects missing from this bucket or different there (by size): both buckets are then listed
   * over the same key ranges in parallel and merged range by range (compareInParallel). Without it
   * the source alone is listed and everything is copied.
   */
  onlyChangedIn?: { s3: S3Client; bucket: string } | undefined
  /** Called with the running count of objects skipped because the destination has them. */
  onSkipped?: (skipped: number) => void
  /** Stops the listing; the pages then end with the signal's reason. */
  signal?: AbortSignal | undefined
}

/** The source objects a seeding should copy, page by page. */
export function objectsToCopy(options: ObjectsToCopyOptions): AsyncIterable<ListedObject[]> {
  if (options.onlyChangedIn === undefined) {
    return listObjectsInParallel(options.sourceS3, {
      bucket: options.source,
      prefix: options.prefix,
      concurrency: options.listConcurrency,
      signal: options.signal,
    })
  }
  return changedObjects(options, options.onlyChangedIn)
}

/** The source objects missing from the destination or of another size there, in pages of up to 1,000. */
async function* changedObjects(options: ObjectsToCopyOptions, destination: { s3: S3Client; bucket: string }): AsyncGenerator<ListedObject[]> {
  let page: ListedObject[] = []
  let skipped = 0
  const batches = compareInParallel({
    source: { s3: options.sourceS3, bucket: options.source },
    destination,
    prefix: options.prefix,
    concurrency: options.listConcurrency,
    signal: options.signal,
  })
  for await (const batch of batches) {
    if (batch.same > 0) options.onSkipped?.((skipped += batch.same))
    for (const difference of batch.differences) {
      if (difference.source === undefined) continue
      page.push(difference.source)
      if (page.length === 1000) {
        yield page
        page = []
      }
    }
  }
  if (page.length > 0) yield page
}

/** Whether a bucket holds any object under the prefix, s3-seed's own files aside. */
export async function hasObjects(s3: S3Client, bucket: string, prefix?: string): Promise<boolean> {
  try {
    for await (const page of listObjectPages(s3, bucket, prefix)) if (page.length > 0) return true
    return false
  } catch (error) {
    throw wrapAwsError(error, 'ListObjectsV2', `Listing s3://${bucket} to see what it already has`, 'Allow s3:ListBucket on it, or pass --all to copy everything')
  }
}
