import type { S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from './aws-error.js'
import { compareKeys } from './listing/key-range.js'
import { listObjectPages, type ListedObject } from './listing/sequential.js'

export interface VerifyOptions {
  sourceS3: S3Client
  destinationS3: S3Client
  source: string
  destination: string
  /** Only keys under this prefix. Default: all. */
  prefix?: string
  /**
   * Also compare ETags when both look like plain MD5s. Off by default: a copy's ETag differs from
   * its source's whenever either side is multipart or KMS-encrypted, so equal content can differ.
   */
  compareEtags?: boolean
  /** Called for every difference, in key order (for a CSV of differences). */
  onDifference?: (difference: Difference) => void
  /** Example keys kept per kind. Default: 10. */
  maxExamples?: number
}

export interface Difference {
  kind: 'missing' | 'extra' | 'differing'
  key: string
  source?: ListedObject
  destination?: ListedObject
}

export interface VerifyResult {
  sourceObjects: number
  destinationObjects: number
  missing: { count: number; examples: string[] }
  extra: { count: number; examples: string[] }
  differing: { count: number; examples: string[] }
  /** True when every source object is in the destination with the same size (and ETag if compared). */
  complete: boolean
}

/**
 * Compares two buckets key by key: lists both in S3's order and merges the two listings, so memory
 * stays flat however many keys there are. Objects are the same when their sizes match (and their
 * ETags, with compareEtags). s3-seed's own `.s3-seed/` files are ignored on both sides.
 */
export async function verifyPair(options: VerifyOptions): Promise<VerifyResult> {
  const maxExamples = options.maxExamples ?? 10
  const result: VerifyResult = {
    sourceObjects: 0,
    destinationObjects: 0,
    missing: { count: 0, examples: [] },
    extra: { count: 0, examples: [] },
    differing: { count: 0, examples: [] },
    complete: false,
  }
  const record = (difference: Difference) => {
    const bucket = result[difference.kind]
    bucket.count++
    if (bucket.examples.length < maxExamples) bucket.examples.push(difference.key)
    options.onDifference?.(difference)
  }
  const source = objects(options.sourceS3, options.source, options.prefix)
  const destination = objects(options.destinationS3, options.destination, options.prefix)
  let left = await next(source, options.source)
  let right = await next(destination, options.destination)
  while (left !== undefined || right !== undefined) {
    const order = left === undefined ? 1 : right === undefined ? -1 : compareKeys(left.key, right.key)
    if (order < 0 && left) {
      record({ kind: 'missing', key: left.key, source: left })
      result.sourceObjects++
      left = await next(source, options.source)
    } else if (order > 0 && right) {
      record({ kind: 'extra', key: right.key, destination: right })
      result.destinationObjects++
      right = await next(destination, options.destination)
    } else if (left && right) {
      if (!same(left, right, options.compareEtags ?? false)) record({ kind: 'differing', key: left.key, source: left, destination: right })
      result.sourceObjects++
      result.destinationObjects++
      left = await next(source, options.source)
      right = await next(destination, options.destination)
    }
  }
  result.complete = result.missing.count === 0 && result.differing.count === 0
  return result
}

function same(a: ListedObject, b: ListedObject, compareEtags: boolean): boolean {
  if (a.size !== b.size) return false
  const md5 = /^[0-9a-f]{32}$/
  if (compareEtags && a.etag && b.etag && md5.test(a.etag) && md5.test(b.etag)) return a.etag === b.etag
  return true
}

async function* objects(s3: S3Client, bucket: string, prefix: string | undefined): AsyncGenerator<ListedObject> {
  for await (const page of listObjectPages(s3, bucket, prefix)) yield* page
}

async function next(iterator: AsyncGenerator<ListedObject>, bucket: string): Promise<ListedObject | undefined> {
  try {
    const { value, done } = await iterator.next()
    return done ? undefined : value
  } catch (error) {
    throw wrapAwsError(error, 'ListObjectsV2', `Listing s3://${bucket}`)
  }
}
