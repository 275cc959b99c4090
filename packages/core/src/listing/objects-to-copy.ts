import type { S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws-error.js'
import { diffListings } from './diff.js'
import { listObjectsInParallel } from './parallel.js'
import { listObjectPages, type ListedObject } from './sequential.js'

export interface ObjectsToCopyOptions {
  sourceS3: S3Client
  source: string
  prefix?: string
  /** Most listing requests in flight (copy-all mode). Default: 64. */
  listConcurrency?: number
  /**
   * Only objects missing from this bucket or different there (by size). Both buckets are then listed
   * in key order and merged, one request at a time each; without it the source is listed in parallel
   * and everything is copied.
   */
  onlyChangedIn?: { s3: S3Client; bucket: string }
  /** Called with the running count of objects skipped because the destination has them. */
  onSkipped?: (skipped: number) => void
}

/** The source objects a seeding should copy, page by page. */
export function objectsToCopy(options: ObjectsToCopyOptions): AsyncIterable<ListedObject[]> {
  if (options.onlyChangedIn === undefined) {
    return listObjectsInParallel(options.sourceS3, {
      bucket: options.source,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(options.listConcurrency === undefined ? {} : { concurrency: options.listConcurrency }),
    })
  }
  return changedObjects(options, options.onlyChangedIn)
}

async function* changedObjects(options: ObjectsToCopyOptions, destination: { s3: S3Client; bucket: string }): AsyncGenerator<ListedObject[]> {
  let page: ListedObject[] = []
  let skipped = 0
  const differences = diffListings(
    listObjectPages(options.sourceS3, options.source, options.prefix),
    listObjectPages(destination.s3, destination.bucket, options.prefix),
  )
  for await (const difference of differences) {
    if (difference.kind === 'same') {
      options.onSkipped?.(++skipped)
    } else if (difference.source !== undefined) {
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
