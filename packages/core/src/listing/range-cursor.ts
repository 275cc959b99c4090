import type { S3Client } from '@aws-sdk/client-s3'
import { isS3SeedKey, S3_SEED_PREFIX } from '../layout.js'
import { compareKeys, rangePrefix } from './key-range.js'
import { listPage } from './list-page.js'
import type { RangeTask } from './range-pool.js'
import { keysUpTo } from './split-key.js'
import type { PackedPage } from './packed-page.js'
import { packObjects } from './packed-page-builder.js'
import type { PageBuffers } from './page-buffers.js'

export interface BucketListing {
  s3: S3Client
  bucket: string
  /** Only keys that start with this. */
  prefix: string
  /** Keys per page (at most 1,000). Default: S3's 1,000. */
  maxKeys: number | undefined
  /** Also read each object's ETag. */
  etags: boolean
  /** Where pages' buffers come from, when the consumer gives them back (PageBuffers). */
  buffers?: PageBuffers | undefined
}

export interface RangePage {
  /** The page's objects within the range, s3-seed's own files left out. */
  objects: PackedPage
  /** The page's first and last keys within the range (own files included), if any. */
  first: string | undefined
  last: string | undefined
  /** No keys of the range follow this page. */
  done: boolean
}

/**
 * One bucket's listing over a task's range, page after page: the pages stop at the range's end,
 * which may move down (a split) while a page is on its way.
 */
export class RangeCursor {
  private startAfter: string | undefined
  private token: string | undefined
  /** The Prefix of the request the token came from: a token continues that listing (API ListObjectsV2), so it goes with that Prefix only. */
  private tokenPrefix: string | undefined
  done = false
  /** The first and last keys of the latest page received (within the range), if any. */
  first: string | undefined
  last: string | undefined
  /** How many keys that page held between them. */
  count = 0

  constructor(
    private readonly task: RangeTask<unknown>,
    private readonly listing: BucketListing,
  ) {
    this.startAfter = task.range.startAfter
  }

  /** Lists again from just after `key`, as if nothing after it had been received. */
  resumeAfter(key: string): void {
    this.startAfter = key
    this.token = undefined
    this.done = false
  }

  async next(): Promise<RangePage> {
    const { listing, task } = this
    // The range's own prefix, which grows as the range is listed and split (rangePrefix). Once it
    // has, the listing goes on after the last key received rather than from the token.
    const prefix = rangePrefix(listing.prefix, this.startAfter, task.range.end)
    const token = prefix === this.tokenPrefix ? this.token : undefined
    const page = await task.request((onStatus) =>
      listPage(listing.s3, {
        bucket: listing.bucket,
        prefix,
        startAfter: this.startAfter,
        continuationToken: token,
        maxKeys: this.pageSize(),
        etags: listing.etags,
        end: task.range.end,
        buffers: listing.buffers,
        signal: task.signal,
        onResponse: onStatus,
      }),
    )
    let objects = page.objects
    let done = !page.isTruncated
    const end = task.range.end
    // The parser stops at the first key past the end: drop it (and any after, from another parser).
    if (end !== undefined) {
      let kept = objects.length
      while (kept > 0 && compareKeys(objects.key(kept - 1), end) > 0) kept--
      if (kept < objects.length) {
        objects.truncate(kept)
        done = true
      }
    }
    const first = objects.length > 0 ? objects.key(0) : undefined
    const last = objects.length > 0 ? objects.key(objects.length - 1) : undefined
    if (last === undefined) done = true
    else {
      task.alphabet.observe(first as string)
      task.alphabet.observe(last)
      this.first = first
      this.last = last
      this.count = objects.length
    }
    this.done = done
    this.startAfter = last
    this.token = page.nextContinuationToken
    this.tokenPrefix = prefix
    if (last !== undefined && mayHoldS3SeedKeys(first as string, last)) {
      const listed = objects
      objects = packObjects(listed.toObjects().filter((object) => !isS3SeedKey(object.key)), listed.hasEtags)
      if (listing.buffers !== undefined) listed.recycle(listing.buffers)
    }
    return { objects, first, last, done }
  }

  /**
   * Keys to ask for: a full page, or, when the range's end is near, about as many as are left before
   * it. S3 cannot stop a page at a key (API ListObjectsV2 has start-after, no end), so a range's last
   * page used to be a full one, mostly keys past its end, which the next range lists again: 3–6% of
   * the keys of a split listing, twice. The keys left are estimated at the density of the last page
   * (keysUpTo), with a margin: too few costs one more request for the rest, never a key.
   */
  private pageSize(): number | undefined {
    const full = this.listing.maxKeys ?? 1000
    const { end, expectedKeys } = this.task.range
    let left: number | undefined
    if (end !== undefined && this.first !== undefined && this.last !== undefined && this.count >= 2) left = keysUpTo(end, this.first, this.last, this.count, this.task.alphabet)
    // A range's first page: the share of keys it was cut with (range-pool's cut).
    else if (this.last === undefined) left = expectedKeys
    if (left === undefined) return this.listing.maxKeys
    const wanted = Math.ceil(left * LAST_PAGE_MARGIN) + LAST_PAGE_SLACK
    return wanted < full ? wanted : this.listing.maxKeys
  }
}

/** The last page asks for this many times the keys estimated to be left, and LAST_PAGE_SLACK more. */
const LAST_PAGE_MARGIN = 1.25
const LAST_PAGE_SLACK = 16

/** Whether keys from `first` to `last` (in S3's order) may include s3-seed's own files (S3_SEED_PREFIX). */
function mayHoldS3SeedKeys(first: string, last: string): boolean {
  return isS3SeedKey(first) || isS3SeedKey(last) || (compareKeys(first, S3_SEED_PREFIX) < 0 && compareKeys(last, S3_SEED_PREFIX) > 0)
}
