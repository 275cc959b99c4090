import type { S3Client } from '@aws-sdk/client-s3'
import { sameObject, type ListingDifference } from './diff.js'
import type { ListedObject } from './sequential.js'
import { compareKeys } from './key-range.js'
import { PackedPage } from './packed-page.js'
import { PageBuffers } from './page-buffers.js'
import { RangeCursor, type BucketListing, type RangePage } from './range-cursor.js'
import { runRanges, type RangeTask } from './range-pool.js'

export interface CompareOptions {
  source: { s3: S3Client; bucket: string }
  destination: { s3: S3Client; bucket: string }
  /** Only keys under this prefix. Default: all. */
  prefix?: string | undefined
  /** Also compare ETags when both are plain MD5s. Default: false (sizes only). */
  compareEtags?: boolean
  /** Read every object's ETag, compared or not (verify reports them). Default: compareEtags. */
  etags?: boolean
  /**
   * Also yield the objects both buckets hold at the same size, as `same` entries among the
   * differences (verify --checksum compares their content). Default: false (only counted).
   */
  keepSame?: boolean
  /** Yield batches in key order (verify's CSV). Default: false, which needs no buffering. */
  ordered?: boolean
  /** Most requests in flight, both buckets together; the page budget caps it too. Default: 64. */
  concurrency?: number | undefined
  /** Requests in flight at the start. Default: 16. */
  initialConcurrency?: number
  /** Keys per page (at most 1,000). Default: 1,000. */
  maxKeys?: number
  /**
   * Ordered only: how much later ranges keep for the consumer while an earlier one is unfinished
   * before they wait, in characters of JSON (about 150 a difference). Default: 1,500,000.
   */
  maxHeld?: number
  signal?: AbortSignal | undefined
}

/**
 * Pages in flight, parsed or queued at once (the memory budget; a range holds one page per bucket,
 * and the short rest of one it has nearly merged). More than a listing's 48: both of a range's pages
 * are mostly in flight or half merged at once. Ordered comparison (verify) keeps fewer: ranges waiting
 * for the head hold no pages (they let them go and list again), but what they keep for it is memory
 * too. 32 held verify to 14 ranges on a machine with CPU to spare; 48 took a 1M-key verify from
 * 7.4 to 6.1–6.7 s (date partitions) and a 10M one from 81 to 67 s, at 184 MB either way.
 */
const PAGE_BUDGET = 64
const ORDERED_PAGE_BUDGET = 48
/** Batches (a page's merge each) waiting for the consumer, counted as pages. */
const QUEUED_BATCHES = 4

/** What one step of a range's merge found: its differences in key order, and how many were the same. */
export interface CompareBatch {
  /** In key order; with keepSame, the objects that are the same too. */
  differences: ListingDifference[]
  same: number
  sourceObjects: number
  destinationObjects: number
}

/**
 * Compares two buckets key by key, in parallel: both are listed over the same key ranges, split on
 * the fly as listObjectsInParallel splits one bucket's, and each range's two listings are merged as
 * they arrive (a side asks for its next page once it has merged this one, or nearly). A range is cut
 * above the last key either bucket has listed, so both sides always agree on where it ends.
 * A plain merge of two sequential listings (diffListings, in compare.sandbox.test.ts) is the reference this
 * must agree with.
 */
export function compareInParallel(options: CompareOptions): AsyncGenerator<CompareBatch> {
  const concurrency = Math.max(2, options.concurrency ?? 64)
  const maxKeys = options.maxKeys ?? 1000
  const prefix = options.prefix ?? ''
  const compareEtags = options.compareEtags ?? false
  const etags = options.etags ?? compareEtags
  // Both buckets' pages are built in buffers the merge gives back once it has passed them.
  const buffers = new PageBuffers()
  const listing = (side: { s3: S3Client; bucket: string }): BucketListing => ({ ...side, prefix, maxKeys: options.maxKeys, etags, buffers })
  const source = listing(options.source)
  const destination = listing(options.destination)
  return runRanges<CompareBatch>(
    {
      concurrency,
      initialConcurrency: Math.max(2, Math.min(concurrency, options.initialConcurrency ?? 16)),
      requestsPerRange: 2,
      pageBudget: (options.ordered ? ORDERED_PAGE_BUDGET : PAGE_BUDGET) - QUEUED_BATCHES,
      queueBudget: QUEUED_BATCHES * maxKeys,
      ordered: options.ordered ?? false,
      heldBudget: options.maxHeld ?? 1_500_000,
      heldCodec: { pack: (batch) => JSON.stringify(batch), unpack: (text) => JSON.parse(text) as CompareBatch },
      prefix,
      signal: options.signal,
    },
    async (task) => {
      const left = new Side(task, source)
      const right = new Side(task, destination)
      for (;;) {
        await Promise.all([left.fill(), right.fill()])
        const batch = merge(left, right, compareEtags, options.keepSame ?? false)
        if (batch.sourceObjects + batch.destinationObjects > 0) {
          // About to wait for earlier ranges (ordered): let the unmerged rest of both pages go and
          // list it again afterwards, so that waiting ranges hold no pages.
          if (task.mustWaitForHead()) {
            const after = lastMerged(left, right)
            await Promise.all([left.release(after), right.release(after)])
          }
          await task.emit(batch, batch.differences.length + 1)
        }
        if (left.finished && right.finished) return
        // Cut above every key either side has received, merged or not: a page that arrived with the
        // old end kept keys up to it, and the new range will list them again.
        const ahead = compareKeys(left.cursor.last ?? '', right.cursor.last ?? '') >= 0 ? left.cursor : right.cursor
        if (ahead.first !== undefined && ahead.last !== undefined) task.split(ahead.first, ahead.last, ahead.count)
        // The merge stopped where one side ran out; the other runs out soon after when its rest is
        // short (pages of two buckets end at different keys). Asking for both pages at once keeps
        // a request per bucket in flight: one at a time, a range took two round trips a page.
        left.prefetch(maxKeys / 2)
        right.prefetch(maxKeys / 2)
      }
    },
  )
}

/**
 * One bucket's listing of a range, a page at a time: its next page is asked for once the current
 * one is merged, or nearly (prefetch), so a range holds a page per bucket and the short rest of
 * another at most.
 */
class Side {
  objects: PackedPage = PackedPage.EMPTY
  index = 0
  /** No page follows the current one. */
  done = false
  readonly cursor: RangeCursor
  /** The next page, asked for while the rest of this one is merged. */
  private next: Promise<RangePage> | undefined

  constructor(
    task: RangeTask<CompareBatch>,
    private readonly listing: BucketListing,
  ) {
    this.cursor = new RangeCursor(task, listing)
  }

  get finished(): boolean {
    return this.done && this.index === this.objects.length
  }

  /** Drops what is unmerged; the listing starts again after `key` (all merged up to it). */
  async release(key: string): Promise<void> {
    // A page on its way would move the cursor when it lands: let it land first, and go.
    if (this.next !== undefined) await this.next.then((page) => this.recycle(page.objects), () => undefined)
    this.next = undefined
    this.recycle(this.objects)
    this.objects = PackedPage.EMPTY
    this.index = 0
    this.done = false
    this.cursor.resumeAfter(key)
  }

  /**
   * Gives a page's buffers back for the next pages: the merge has passed it, and what it reported of
   * the page (objects, keys) are copies.
   */
  private recycle(page: PackedPage): void {
    if (page !== PackedPage.EMPTY && this.listing.buffers !== undefined) page.recycle(this.listing.buffers)
  }

  /** Asks for the next page now if at most `rest` objects of this one are left to merge. */
  prefetch(rest: number): void {
    if (this.next !== undefined || this.done || this.objects.length - this.index > rest) return
    this.next = this.cursor.next()
    // Awaited by fill, or by release; a range that stops first (an abort) leaves it unawaited.
    this.next.catch(() => undefined)
  }

  /** Waits for the next page once the current one is merged. */
  async fill(): Promise<void> {
    if (this.index < this.objects.length || this.done) return
    this.prefetch(0)
    const page = await (this.next as Promise<RangePage>)
    this.next = undefined
    this.recycle(this.objects)
    this.objects = page.objects
    this.index = 0
    this.done = page.done
  }
}

/**
 * The last key merged: the merge takes keys in order from both sides, so every key up to it, on
 * either side, is merged. Called after a merge that took at least one object.
 */
function lastMerged(left: Side, right: Side): string {
  const a = left.index > 0 ? left.objects.key(left.index - 1) : undefined
  const b = right.index > 0 ? right.objects.key(right.index - 1) : undefined
  if (a === undefined) return b as string
  if (b === undefined) return a
  return compareKeys(a, b) >= 0 ? a : b
}

/**
 * Merges what both sides have: up to where one side needs its next page. Keys are compared as they
 * are packed (bytes); objects are made only for what the batch reports.
 */
function merge(left: Side, right: Side, compareEtags: boolean, keepSame: boolean): CompareBatch {
  const batch: CompareBatch = { differences: [], same: 0, sourceObjects: 0, destinationObjects: 0 }
  const { differences } = batch
  for (;;) {
    const a = left.index < left.objects.length ? left.index : -1
    const b = right.index < right.objects.length ? right.index : -1
    const order = a >= 0 && b >= 0 ? left.objects.compareKey(a, right.objects, b) : a >= 0 && right.finished ? -1 : b >= 0 && left.finished ? 1 : undefined
    if (order === undefined) return batch
    if (order <= 0) {
      left.index++
      batch.sourceObjects++
    }
    if (order >= 0) {
      right.index++
      batch.destinationObjects++
    }
    if (order === 0 && samePacked(left.objects, a, right.objects, b, compareEtags)) {
      batch.same++
      if (keepSame) {
        const source = left.objects.object(a)
        differences.push({ kind: 'same', key: source.key, source, destination: right.objects.object(b) })
      }
    } else {
      const source = order <= 0 ? left.objects.object(a) : undefined
      const destination = order >= 0 ? right.objects.object(b) : undefined
      const kind = order < 0 ? 'missing' : order > 0 ? 'extra' : 'differing'
      differences.push({ kind, key: (source ?? (destination as ListedObject)).key, ...(source ? { source } : {}), ...(destination ? { destination } : {}) })
    }
  }
}

/** sameObject for packed objects: most differ in size or are compared by size alone, with no object made. */
function samePacked(a: PackedPage, i: number, b: PackedPage, j: number, compareEtags: boolean): boolean {
  if (a.size(i) !== b.size(j)) return false
  return !compareEtags || sameObject(a.object(i), b.object(j), true)
}
