import type { S3Client } from '@aws-sdk/client-s3'
import { checkBucketName } from './bucket-name.js'
import { bucketRegion } from './buckets.js'
import type { SeedClients } from './clients.js'
import { wrapAwsError } from './aws-error.js'
import { diffListings } from './listing/diff.js'
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
  try {
    for await (const difference of diffListings(
      listObjectPages(options.sourceS3, options.source, options.prefix),
      listObjectPages(options.destinationS3, options.destination, options.prefix),
      options.compareEtags ?? false,
    )) {
      if (difference.source) result.sourceObjects++
      if (difference.destination) result.destinationObjects++
      if (difference.kind !== 'same') record(difference as Difference)
    }
  } catch (error) {
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
