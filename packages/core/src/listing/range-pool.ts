import { setMaxListeners } from 'node:events'
import { performance } from 'node:perf_hooks'
import { AimdGate } from './aimd-gate.js'
import { EventLoopLoad } from './event-loop-load.js'
import { KeyAlphabet } from './key-alphabet.js'
import { compareKeys } from './key-range.js'
import { OutputQueue, type HeldCodec, type Segment } from './output-queue.js'
import { keysUpTo, splitPoints } from './split-key.js'

/** Keys k with startAfter < k (when set) and k <= end (when set), in S3's order. */
export interface KeyRange {
  startAfter?: string | undefined
  end?: string | undefined
  /** About how many keys the range held when it was cut off a bigger one (its first page's size). */
  expectedKeys?: number | undefined
}

export interface RangePoolOptions {
  /** Most requests in flight. */
  concurrency: number
  /** Requests in flight at the start; grows while S3 keeps up and the CPU has time to spare. */
  initialConcurrency: number
  /** Requests one range keeps in flight (1 to list a bucket, 2 to compare two), each a page it may hold. */
  requestsPerRange: number
  /**
   * Pages the ranges may hold at once, in flight or parsed (the queue's come on top): ranges are
   * capped so that each can hold one per bucket. The memory budget, with `queueBudget`.
   */
  pageBudget: number
  /** Weight (objects) the queue towards the consumer may hold before producers wait. */
  queueBudget: number
  /** Deliver in key order; ranges past the first unfinished one then hold up to `heldBudget`. */
  ordered: boolean
  heldBudget: number
  /** How ordered output that waits is kept (packed as text), and its size counted. */
  heldCodec?: HeldCodec<unknown>
  /** The listing's prefix: ranges are never split outside it. */
  prefix: string
  signal: AbortSignal | undefined
}

/** What a range's worker can do: send requests through the shared gate, emit, offer to split. */
export interface RangeTask<T> {
  readonly range: KeyRange
  readonly signal: AbortSignal
  readonly alphabet: KeyAlphabet
  /** Sends one request when the gate allows; `send` reports each attempt's HTTP status. */
  request<R>(send: (onStatus: (status: number) => void) => Promise<R>): Promise<R>
  /** Hands an item to the consumer, waiting while the queue (or the ordered budget) is full. */
  emit(item: T, weight: number): Promise<void>
  /** Ordered: whether an emit now would wait for earlier ranges (time to let go of pages). */
  mustWaitForHead(): boolean
  /**
   * Hands the upper part of the range to idle workers, if any, cutting above `last`, the end of a
   * page that listed `count` keys from `first` (how full the parts are likely to be).
   */
  split(first: string, last: string, count?: number): void
}

/**
 * Runs `work` over key ranges that partition the key space, with as many ranges at once as the
 * adaptive concurrency allows, and yields what the workers emit. Ranges are split on the fly: a
 * worker that sees idle capacity after a page hands over the upper part of its range (splitPoints).
 *
 * Memory is bounded by design, whatever the latency: each range holds one page per bucket at most,
 * in flight or parsed (its next request goes out once that page is handed on), ranges are capped by
 * `pageBudget`, and the queue towards the consumer holds at most `queueBudget` objects; a slow
 * consumer (the manifest upload, the merge) stops the workers, which stops the requests. Ordered,
 * ranges past the first unfinished ones keep at most `heldBudget` (packed) and then wait for them,
 * and the head hands its upper half back every few pages, so it stays short.
 */
export async function* runRanges<T>(options: RangePoolOptions, work: (task: RangeTask<T>) => Promise<void>): AsyncGenerator<T> {
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  // Every request in flight listens for the abort; that many listeners is expected, not a leak.
  setMaxListeners(options.concurrency * 2 + 10, signal)
  const gate = new AimdGate(options.initialConcurrency, options.concurrency)
  const alphabet = new KeyAlphabet()
  const queue = new OutputQueue<T>(options.ordered, options.heldCodec as HeldCodec<T> | undefined)
  const pending: Array<{ range: KeyRange; segment: Segment<T> }> = [{ range: {}, segment: queue.firstSegment() }]
  const workers: Promise<void>[] = []
  const producers = new Waiters()
  const consumer = new Waiters()
  const load = new EventLoopLoad()
  let running = 0
  /** Ranges waiting for earlier ones to finish (ordered output), so sending nothing. */
  let waiting = 0
  let failure: unknown
  let fastest = Number.POSITIVE_INFINITY
  const maxRanges = () => Math.max(1, Math.floor(Math.min(gate.limit, options.pageBudget) / options.requestsPerRange))

  const feedback = (status: number, latency: number) => {
    if (status === 503 || status === 429) return gate.onThrottle()
    if (status !== 200) return
    // Grow only while the event loop has time to spare, the consumer keeps up and answers are not
    // queueing at S3: past that point more requests in flight cannot go faster. A busy loop does
    // not cut them: the page budget bounds their memory, and the loop reads busy while it waits
    // for a core it shares (cutting then cost a timestamp verify 8.1 -> 10.0 s: decisions §23).
    fastest = Math.min(fastest, latency)
    load.sample()
    gate.onSuccess(load.value < SPARE && latency < 4 * fastest && queue.queued < options.queueBudget)
  }

  /**
   * Hands the parts of `range` above each point to pending ranges, in key order after `segment`.
   * The points cut the rest of the range into parts of about equal numbers of keys (splitPoints), so
   * each part expects its share of the keys the last page's density puts there.
   */
  const cut = (range: KeyRange, segment: Segment<T>, points: string[], page: { first: string; last: string; count: number }) => {
    const left = range.end === undefined || page.count < 2 ? undefined : keysUpTo(range.end, page.first, page.last, page.count, alphabet)
    const expectedKeys = left === undefined ? undefined : left / (points.length + 1)
    let after = segment
    for (const [index, point] of points.entries()) {
      const next = points[index + 1] ?? range.end
      after = after.insertAfter()
      pending.push({ range: { startAfter: point, end: next, expectedKeys }, segment: after })
    }
    range.end = points[0] as string
    consumer.wakeAll()
  }

  const taskFor = (range: KeyRange, segment: Segment<T>): RangeTask<T> => {
    /** Pages this range has listed since it was last cut (ordered: how long the head has run). */
    let pagesSinceCut = 0
    return {
      range,
      signal,
      alphabet,
      async request(send) {
        await gate.acquire()
        try {
          signal.throwIfAborted()
          const started = performance.now()
          return await send((status) => feedback(status, performance.now() - started))
        } finally {
          gate.release()
        }
      },
      mustWaitForHead() {
        // Ordered: ranges just after the head (as many as run at once) keep what they produce
        // whatever the budget (they are next to flow, and often the head's own upper parts);
        // only those further on wait.
        return !queue.isHead(segment) && queue.held >= options.heldBudget && !queue.isNearHead(segment, maxRanges())
      },
      async emit(item, weight) {
        for (;;) {
          signal.throwIfAborted()
          const head = queue.isHead(segment)
          if (head ? queue.queued < options.queueBudget : !this.mustWaitForHead()) break
          // A range waiting for earlier ones sends no requests: its share goes to splitting the head.
          if (!head) waiting++
          await producers.wait().finally(() => !head && waiting--)
        }
        queue.put(segment, item, weight)
        consumer.wakeAll()
      },
      split(first, last, count = 0) {
        pagesSinceCut++
        if (failure !== undefined) return
        // Ordered: later ranges keep their output until the head is done, so a long head is what
        // makes it pile up (all of it, if the head was a tenth of the bucket). Once it has run a few
        // pages with output waiting, its upper half goes back to the pending ranges (a pending range
        // costs nothing; they start lowest first, and the head always runs): the head stays short,
        // the work moves towards it, and ranges further on wait at the held budget.
        if (options.ordered && queue.isHead(segment) && queue.held > 0 && pagesSinceCut >= HEAD_PAGES) {
          const points = splitPoints(first, last, range.end, 2, alphabet, options.prefix)
          if (points.length > 0) {
            pagesSinceCut = 0
            return cut(range, segment, points, { first, last, count })
          }
        }
        const idle = maxRanges() - (running - waiting)
        if (pending.length > 0 || idle < 1) return
        // While later ranges wait for the head (ordered), only the head is worth splitting.
        if (waiting > 0 && !queue.isHead(segment)) return
        const points = splitPoints(first, last, range.end, Math.min(idle, 16) + 1, alphabet, options.prefix)
        if (points.length === 0) return
        pagesSinceCut = 0
        cut(range, segment, points, { first, last, count })
      },
    }
  }

  const start = (entry: { range: KeyRange; segment: Segment<T> }) => {
    running++
    const done = () => {
      running--
      queue.finish(entry.segment)
      producers.wakeAll()
      consumer.wakeAll()
    }
    workers.push(
      work(taskFor(entry.range, entry.segment)).then(done, (error: unknown) => {
        failure ??= error
        done()
      }),
    )
  }
  const startRanges = () => {
    // Lowest ranges first: ordered output waits for them.
    pending.sort((a, b) => compareKeys(a.range.startAfter ?? '', b.range.startAfter ?? ''))
    while (pending.length > 0 && failure === undefined) {
      const first = pending[0] as (typeof pending)[number]
      // The head of ordered output always runs, or workers holding later ranges could wait forever;
      // ranges that wait for it send no requests, but each keeps its pages: a few more at most.
      const full = running - waiting >= maxRanges() || running >= maxRanges() + MORE_WHILE_WAITING
      if (full && !(options.ordered && queue.isHead(first.segment))) break
      start(pending.shift() as (typeof pending)[number])
    }
  }

  try {
    for (;;) {
      startRanges()
      if (failure !== undefined) throw failure
      if (queue.length > 0) {
        const item = queue.take() as T
        producers.wakeAll()
        yield item
        continue
      }
      if (running === 0 && pending.length === 0) return
      await consumer.wait()
    }
  } finally {
    failure ??= new Error('listing stopped')
    stop.abort(failure)
    producers.wakeAll()
    await Promise.allSettled(workers)
  }
}

/** Pages the head of ordered output lists before its upper half is handed back, while output waits for it. */
const HEAD_PAGES = 4

/** Ranges that may run beyond the limit while as many wait for earlier ones (ordered output). */
const MORE_WHILE_WAITING = 4

/** Event-loop utilisation below which requests in flight may grow. */
const SPARE = 0.85

/** Promises to wake when something changes; waking is cheap and waiters check again. */
class Waiters {
  private waiting: Array<() => void> = []

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  wakeAll(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const resolve of waiting) resolve()
  }
}
