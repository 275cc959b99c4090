import type { S3Client } from '@aws-sdk/client-s3'
import type { PackedPage } from './packed-page.js'
import { RangeCursor } from './range-cursor.js'
import { runRanges } from './range-pool.js'
import type { ListedObject } from './sequential.js'

export interface ParallelListOptions {
  bucket: string
  /** Only keys that start with this. Default: the whole bucket. */
  prefix?: string | undefined
  /** Most requests in flight; the page budget (48 pages in flight, parsed or queued) caps it too. Default: 64. */
  concurrency?: number | undefined
  /** Keys per page (S3's maximum is 1,000). Default: 1,000. */
  maxKeys?: number
  /** Requests in flight at the start; grows while S3 keeps up. Default: 16. */
  initialConcurrency?: number
  signal?: AbortSignal | undefined
}

/** Pages waiting for the consumer: a few keep it busy, and they bound the memory. */
const QUEUED_PAGES = 4
/**
 * Pages in flight, parsed or queued at once: the memory budget. A parsed page is about 150 KB, but
 * the rate pages come at also sets how far V8 lets the heap grow: 48 keep a 10M-key manifest under
 * 200 MB in a process whose heap growth is limited (limitHeapGrowth, as the CLI's), and at
 * 50 ms per page bring pages faster than one core parses them.
 */
const PAGE_BUDGET = 48

/**
 * Lists a bucket with many requests at once and yields its objects page by page, each exactly once,
 * in no particular order. The key space is split on the fly (runRanges): whenever a worker is idle, a
 * busy one hands over the upper part of its range, cut where the keys listed so far say the rest of
 * it lies (splitPoints). That works for flat namespaces (no delimiters needed) as well as nested
 * ones, and only ever costs extra requests, never keys: the ranges always partition the space. At
 * most a few pages wait for the consumer, so memory stays flat.
 */
export async function* listObjectsInParallel(s3: S3Client, options: ParallelListOptions): AsyncGenerator<ListedObject[]> {
  const concurrency = Math.max(1, options.concurrency ?? 64)
  const maxKeys = options.maxKeys ?? 1000
  const listing = { s3, bucket: options.bucket, prefix: options.prefix ?? '', maxKeys: options.maxKeys, etags: false }
  const pages = runRanges<PackedPage>(
    {
      concurrency,
      initialConcurrency: Math.min(concurrency, options.initialConcurrency ?? 16),
      requestsPerRange: 1,
      pageBudget: PAGE_BUDGET - QUEUED_PAGES,
      queueBudget: QUEUED_PAGES * maxKeys,
      ordered: false,
      heldBudget: 0,
      prefix: listing.prefix,
      signal: options.signal,
    },
    async (task) => {
      const cursor = new RangeCursor(task, listing)
      for (;;) {
        const page = await cursor.next()
        if (page.objects.length > 0) await task.emit(page.objects, page.objects.length)
        if (page.done) return
        task.split(page.first as string, page.last as string, page.objects.length)
      }
    },
  )
  // Objects are made as they are handed on, so they die young (PackedPage).
  for await (const page of pages) yield page.toObjects()
}
