import type { S3Client } from '@aws-sdk/client-s3'
import { setMaxListeners } from 'node:events'
import { AimdGate } from './aimd-gate.js'
import { compareKeys, maxCodePoint, midpointKey } from './key-range.js'
import { listPage } from './list-page.js'
import type { ListedObject } from './sequential.js'
import { isS3SeedKey } from '../layout.js'

export interface ParallelListOptions {
  bucket: string
  /** Only keys that start with this. Default: the whole bucket. */
  prefix?: string
  /** Most requests in flight. Default: 64. */
  concurrency?: number
  /** Keys per page (S3's maximum is 1,000). Default: 1,000. */
  maxKeys?: number
  /** Requests in flight at the start; grows while S3 keeps up. Default: 16. */
  initialConcurrency?: number
  signal?: AbortSignal
}

/** Keys k with startAfter < k (when set) and k <= end (when set), in S3's order. */
interface KeyRange {
  startAfter?: string
  end?: string
}

/**
 * Lists a bucket with many requests at once and yields its objects page by page, each exactly once,
 * in no particular order. The key space is split on the fly: whenever a worker is idle, a busy
 * worker hands over the upper half of its remaining range, cut at a key between its last key and its
 * range's end (midpointKey). That works for flat namespaces (no delimiters needed) as well as
 * nested ones, and only ever costs extra requests, never keys: the ranges always partition the
 * space. At most `concurrency` pages wait for the consumer, so memory stays flat.
 */
export async function* listObjectsInParallel(s3: S3Client, options: ParallelListOptions): AsyncGenerator<ListedObject[]> {
  const prefix = options.prefix ?? ''
  // Stops every worker when the consumer stops early or a request fails for good.
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const max = Math.max(1, options.concurrency ?? 64)
  // Every request in flight listens for the abort; that many listeners is expected, not a leak.
  setMaxListeners(max * 2 + 10, signal)
  const gate = new AimdGate(options.initialConcurrency ?? 16, max)
  const ranges: KeyRange[] = [{}]
  const pages: ListedObject[][] = []
  let busy = 0
  let failure: unknown
  let ceiling = 0x7f
  let fastest = Number.POSITIVE_INFINITY
  let wake: (() => void) | undefined
  const notify = () => {
    const resume = wake
    wake = undefined
    resume?.()
  }
  const waitForChange = () => new Promise<void>((resolve) => (wake = resolve))
  const consumerWaiters: Array<() => void> = []
  // Pages waiting for the consumer: a few are enough to keep it busy, and they bound the memory.
  const maxQueuedPages = Math.min(max, 8)
  const room = async () => {
    while (pages.length >= maxQueuedPages && failure === undefined) await new Promise<void>((resolve) => consumerWaiters.push(resolve))
  }

  const listRange = async (range: KeyRange) => {
    let cursor = range.startAfter
    let token: string | undefined
    for (;;) {
      await gate.acquire()
      if (signal.aborted) {
        gate.release()
        return
      }
      let page
      const started = performance.now()
      try {
        page = await listPage(s3, {
          bucket: options.bucket,
          ...(prefix ? { prefix } : {}),
          ...(cursor === undefined ? {} : { startAfter: cursor }),
          ...(token === undefined ? {} : { continuationToken: token }),
          signal,
          ...(options.maxKeys === undefined ? {} : { maxKeys: options.maxKeys }),
          onResponse: (status) => {
            if (status === 503 || status === 429) gate.onThrottle()
            else if (status === 200) {
              // Grow only while requests answer about as fast as the fastest one did, and shrink
              // when they queue up (as TCP Vegas does): then the bottleneck is CPU or the consumer,
              // and more requests in flight only keep more memory alive longer.
              const latency = performance.now() - started
              fastest = Math.min(fastest, latency)
              if (latency > 4 * fastest) gate.onQueued()
              else gate.onSuccess(latency < 2 * fastest && pages.length < maxQueuedPages)
            }
          },
        })
      } finally {
        gate.release()
      }
      let objects = page.objects
      let done = !page.isTruncated
      if (range.end !== undefined && objects.length > 0 && compareKeys((objects[objects.length - 1] as ListedObject).key, range.end) > 0) {
        objects = objects.filter((object) => compareKeys(object.key, range.end as string) <= 0)
        done = true
      }
      const last = objects[objects.length - 1]
      const kept = objects.filter((object) => !isS3SeedKey(object.key))
      if (kept.length > 0) {
        await room()
        if (signal.aborted) return
        pages.push(kept)
        notify()
      }
      if (done || last === undefined) return
      ceiling = Math.max(ceiling, maxCodePoint(last.key) + 1)
      // Hand over the upper part of the range when someone is idle.
      if (ranges.length === 0 && busy < gate.limit) {
        const splitHigh = range.end ?? (prefix ? prefix + String.fromCodePoint(ceiling) : undefined)
        const split = midpointKey(last.key, splitHigh, ceiling)
        if (split !== undefined && compareKeys(split, last.key) > 0 && (range.end === undefined || compareKeys(split, range.end) < 0)) {
          ranges.push({ startAfter: split, ...(range.end === undefined ? {} : { end: range.end }) })
          range.end = split
          notify()
        }
      }
      cursor = last.key
      token = page.nextContinuationToken
    }
  }

  const workers: Promise<void>[] = []
  const startWorkers = () => {
    while (ranges.length > 0 && busy < gate.limit && failure === undefined) {
      const range = ranges.shift() as KeyRange
      busy++
      workers.push(
        listRange(range).then(
          () => {
            busy--
            notify()
          },
          (error: unknown) => {
            busy--
            failure ??= error
            notify()
            for (const resume of consumerWaiters.splice(0)) resume()
          },
        ),
      )
    }
  }

  try {
    for (;;) {
      startWorkers()
      if (failure !== undefined) throw failure
      if (pages.length > 0) {
        yield pages.shift() as ListedObject[]
        consumerWaiters.shift()?.()
        continue
      }
      if (busy === 0 && ranges.length === 0) return
      await waitForChange()
    }
  } finally {
    failure ??= new Error('listing stopped')
    stop.abort()
    for (const resume of consumerWaiters.splice(0)) resume()
    await Promise.allSettled(workers)
  }
}
