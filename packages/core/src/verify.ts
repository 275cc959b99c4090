import type { S3Client } from '@aws-sdk/client-s3'
import { checkBucketName } from './buckets/bucket-name.js'
import { bucketRegion } from './buckets/bucket-settings.js'
import type { SeedClients } from './aws/clients.js'
import { wrapAwsError } from './aws/aws-error.js'
import { compareInParallel } from './listing/compare.js'
import type { ListedObject } from './listing/sequential.js'

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
  /** Example keys kept per kind (the first ones in key order). Default: 10. */
  maxExamples?: number
  /** Most listing requests in flight, both buckets together. Default: 64. */
  listConcurrency?: number
  signal?: AbortSignal
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
 * Compares two buckets key by key: both are listed over the same key ranges in parallel and merged
 * range by range (compareInParallel), in key order, so differences reach onDifference in key order
 * and memory stays bounded however many keys there are. Objects are the same when their sizes match
 * (and their ETags, with compareEtags). s3-seed's own `.s3-seed/` files are ignored on both sides.
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
  try {
    const batches = compareInParallel({
      source: { s3: options.sourceS3, bucket: options.source },
      destination: { s3: options.destinationS3, bucket: options.destination },
      prefix: options.prefix,
      compareEtags: options.compareEtags ?? false,
      // The CSV of differences (onDifference) shows both ETags, compared or not. Reading them is a
      // string per object on both sides, so not when nothing shows them.
      etags: (options.compareEtags ?? false) || options.onDifference !== undefined,
      ordered: true,
      concurrency: options.listConcurrency,
      signal: options.signal,
    })
    for await (const batch of batches) {
      result.sourceObjects += batch.sourceObjects
      result.destinationObjects += batch.destinationObjects
      for (const difference of batch.differences) record(difference as Difference)
    }
  } catch (error) {
    if (options.signal?.aborted) throw error
    throw wrapAwsError(error, 'ListObjectsV2', `Listing s3://${options.source} and s3://${options.destination}`)
  }
  result.complete = result.missing.count === 0 && result.differing.count === 0
  return result
}

export interface VerifyBucketsOptions extends Omit<VerifyOptions, 'sourceS3' | 'destinationS3'> {
  clients: SeedClients
}

/** verifyPair for two bucket names: checks the names, finds each bucket's Region, then compares. */
export async function verifyBuckets(options: VerifyBucketsOptions): Promise<VerifyResult> {
  checkBucketName(options.source, 'SOURCE')
  checkBucketName(options.destination, 'DESTINATION')
  const { clients, ...rest } = options
  const lookup = clients.s3(clients.defaultRegion)
  const sourceS3 = clients.s3(await bucketRegion(lookup, options.source, 'SOURCE'))
  const destinationS3 = clients.s3(await bucketRegion(lookup, options.destination, 'DESTINATION'))
  return await verifyPair({ ...rest, sourceS3, destinationS3 })
}
