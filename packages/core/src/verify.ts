import type { S3Client } from '@aws-sdk/client-s3'
import { checkBucketName } from './buckets/bucket-name.js'
import { bucketRegion } from './buckets/bucket-settings.js'
import type { SeedClients } from './aws/clients.js'
import { wrapAwsError } from './aws/aws-error.js'
import { AwsCallError } from './errors.js'
import { headRequestsCostUsd } from './jobs/cost.js'
import { compareInParallel } from './listing/compare.js'
import type { ListedObject } from './listing/sequential.js'
import { ContentCheck, type CheckedEntry } from './verify/content-check.js'
import { findingOf, verdictOf, type ContentFinding } from './verify/content-rule.js'

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
  /**
   * Also compare the content of the objects both buckets hold at the same size, without reading
   * it: HeadObject on each side (up to 2 requests per object), then their full-object checksums,
   * else their plain-MD5 ETags (verify/content-rule.ts). Objects neither can compare are counted
   * as not comparable. Default: false.
   */
  checksum?: boolean
  /**
   * With checksum: most HeadObject requests in flight. Default: 48 (the SDK keeps 50 connections
   * per client, and both buckets may share one).
   */
  headConcurrency?: number
  /** Called as the comparison goes: after each listed batch, and every 100 objects checked by content. */
  onProgress?: (progress: VerifyProgress) => void
  signal?: AbortSignal
}

export interface VerifyProgress {
  sourceObjects: number
  destinationObjects: number
  /** Objects compared by content so far (checksum). */
  checked: number
  headRequests: number
  headsInFlight: number
}

export interface Difference {
  kind: 'missing' | 'extra' | 'differing' | 'content-differs' | 'not-comparable'
  key: string
  source?: ListedObject
  destination?: ListedObject
  /** content-differs and not-comparable: how the content was compared, or why it could not be. */
  content?: ContentFinding
}

export interface Examples {
  count: number
  /** The first keys, in key order. */
  examples: string[]
}

/** With checksum: the content of the objects both buckets hold at the same size. */
export interface ContentSummary {
  /** Objects whose content was checked (HeadObject on the source, and on the destination when it could help). */
  checked: number
  /** How the compared ones were compared: same full-object checksum, identical composite checksums, plain-MD5 ETags. */
  comparedBy: { checksum: number; compositeChecksum: number; etag: number }
  /** Same size, different content. */
  differs: Examples
  /** Neither a common checksum nor MD5 ETags (or gone since the listing): the content was not compared. */
  notComparable: Examples
  headRequests: number
  /** What those requests cost at S3 Standard's price in us-east-1 (GET class, $0.0004 per 1,000). */
  costUsd: number
}

export interface VerifyResult {
  sourceObjects: number
  destinationObjects: number
  missing: Examples
  extra: Examples
  differing: Examples
  /** With checksum only. */
  content?: ContentSummary
  /**
   * True when every source object is in the destination with the same size (and ETag if compared)
   * and, with checksum, none was found to differ in content. Objects that are not comparable do not
   * make it false: they are counted in `content.notComparable`.
   */
  complete: boolean
}

/**
 * Compares two buckets key by key: both are listed over the same key ranges in parallel and merged
 * range by range (compareInParallel), in key order, so differences reach onDifference in key order
 * and memory stays bounded however many keys there are. Objects are the same when their sizes match
 * (and their ETags, with compareEtags); with checksum, their content is then compared as the
 * comparison streams (ContentCheck), still in key order. s3-seed's own `.s3-seed/` files are
 * ignored on both sides.
 */
export async function verifyPair(options: VerifyOptions): Promise<VerifyResult> {
  const maxExamples = options.maxExamples ?? 10
  const examples = (): Examples => ({ count: 0, examples: [] })
  const result: VerifyResult = { sourceObjects: 0, destinationObjects: 0, missing: examples(), extra: examples(), differing: examples(), complete: false }
  const content: ContentSummary | undefined = options.checksum
    ? { checked: 0, comparedBy: { checksum: 0, compositeChecksum: 0, etag: 0 }, differs: examples(), notComparable: examples(), headRequests: 0, costUsd: 0 }
    : undefined
  if (content) result.content = content
  const record = (difference: Difference) => {
    const kind = difference.kind
    const bucket = kind === 'content-differs' ? content?.differs : kind === 'not-comparable' ? content?.notComparable : result[kind]
    if (bucket === undefined) return
    bucket.count++
    if (bucket.examples.length < maxExamples) bucket.examples.push(difference.key)
    options.onDifference?.(difference)
  }
  const source = { s3: options.sourceS3, bucket: options.source }
  const destination = { s3: options.destinationS3, bucket: options.destination }
  const progress = () =>
    options.onProgress?.({
      sourceObjects: result.sourceObjects,
      destinationObjects: result.destinationObjects,
      checked: content?.checked ?? 0,
      headRequests: check?.headRequests ?? 0,
      headsInFlight: check?.inFlight ?? 0,
    })
  const checked = ({ entry, verdict }: CheckedEntry) => {
    if (content === undefined || verdict === undefined) return record(entry as Difference)
    content.checked++
    const { method } = verdict.comparison
    if (method === 'checksum' || method === 'etag') content.comparedBy[method]++
    if (method === 'composite-checksum') content.comparedBy.compositeChecksum++
    const kind = verdictOf(verdict.comparison)
    if (kind !== 'same') record({ ...entry, kind, content: findingOf(verdict) })
    if (content.checked % 100 === 0) progress()
  }
  const check = content && new ContentCheck({ source, destination, concurrency: options.headConcurrency ?? 48, signal: options.signal }, checked)
  try {
    const batches = compareInParallel({
      source,
      destination,
      prefix: options.prefix,
      compareEtags: options.compareEtags ?? false,
      // The CSV of differences (onDifference) shows both ETags, compared or not. Reading them is a
      // string per object on both sides, so not when nothing shows them.
      etags: (options.compareEtags ?? false) || options.onDifference !== undefined,
      keepSame: check !== undefined,
      ordered: true,
      concurrency: options.listConcurrency,
      signal: options.signal,
    })
    for await (const batch of batches) {
      result.sourceObjects += batch.sourceObjects
      result.destinationObjects += batch.destinationObjects
      for (const entry of batch.differences) {
        if (check) await check.add(entry)
        else record(entry as Difference)
      }
      progress()
    }
    await check?.finish()
  } catch (error) {
    check?.stop(error)
    // HeadObject errors come wrapped already (verify/object-head.ts).
    if (options.signal?.aborted || error instanceof AwsCallError) throw error
    throw wrapAwsError(error, 'ListObjectsV2', `Listing s3://${options.source} and s3://${options.destination}`)
  }
  if (content && check) {
    content.headRequests = check.headRequests
    content.costUsd = headRequestsCostUsd(check.headRequests)
  }
  result.complete = result.missing.count === 0 && result.differing.count === 0 && (content?.differs.count ?? 0) === 0
  return result
}

export interface VerifyBucketsOptions extends Omit<VerifyOptions, 'sourceS3' | 'destinationS3'> {
  clients: SeedClients
  /** The accounts that own the buckets: every request to them then carries ExpectedBucketOwner. Default: not pinned. */
  owners?: { source: string; destination: string } | undefined
}

/** verifyPair for two bucket names: checks the names, finds each bucket's Region, then compares. */
export async function verifyBuckets(options: VerifyBucketsOptions): Promise<VerifyResult> {
  checkBucketName(options.source, 'SOURCE')
  checkBucketName(options.destination, 'DESTINATION')
  const { clients, owners, ...rest } = options
  if (owners !== undefined) {
    clients.owners.pin(options.source, owners.source, 'SOURCE')
    clients.owners.pin(options.destination, owners.destination, '--destination-account')
  }
  const lookup = clients.s3(clients.defaultRegion)
  const sourceS3 = clients.s3(await bucketRegion(lookup, options.source, 'SOURCE'))
  const destinationS3 = clients.s3(await bucketRegion(lookup, options.destination, 'DESTINATION', owners?.destination))
  return await verifyPair({ ...rest, sourceS3, destinationS3 })
}
