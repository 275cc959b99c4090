import { setMaxListeners } from 'node:events'
import { performance } from 'node:perf_hooks'
import { AimdGate } from './aimd-gate.js'
import { KeyAlphabet } from './key-alphabet.js'
import { compareKeys } from './key-range.js'
import { OutputQueue, type Segment } from './output-queue.js'
import { splitPoints } from './split-key.js'

/** Keys k with startAfter < k (when set) and k <= end (when set), in S3's order. */
export interface KeyRange {
  startAfter?: string
  end?: string
}

export interface RangePoolOptions {
  /** Most requests in flight. */
  concurrency: number
  /** Requests in flight at the start; grows while S3 keeps up and the CPU has time to spare. */
  initialConcurrency: number
  /** Requests one range keeps in flight (1 to list a bucket, 2 to compare two). */
  requestsPerRange: number
  /** Weight (objects) the queue towards the consumer may hold before producers wait. */
  queueBudget: number
  /** Deliver in key order; ranges past the first unfinished one then hold up to `heldBudget`. */
  ordered: boolean
  heldBudget: number
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
  /** Hands the upper part of the range to idle workers, if any, cutting above `last`. */
  split(first: string, last: string): void
}

/**
 * Runs `work` over key ranges that partition the key space, with as many ranges at once as the
 * adaptive concurrency allows, and yields what the workers emit. Ranges are split on the fly: a
 * worker that sees idle capacity after a page hands over the upper part of its range (splitPoints).
 *
 * Memory is bounded by design, whatever the latency: at most `concurrency` requests are in flight,
 * each range holds at most one parsed page per bucket besides, and the queue towards the consumer
 * holds at most `queueBudget` objects; a slow consumer (the manifest upload, the merge) stops the
 * workers, which stops the requests. Ordered, ranges past the first unfinished one keep at most
 * `heldBudget` objects and then wait for it.
 */
export async function* runRanges<T>(options: RangePoolOptions, work: (task: RangeTask<T>) => Promise<void>): AsyncGenerator<T> {
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  // Every request in flight listens for the abort; that many listeners is expected, not a leak.
  setMaxListeners(options.concurrency * 2 + 10, signal)
  const gate = new AimdGate(options.initialConcurrency, options.concurrency)
  const alphabet = new KeyAlphabet()
  const queue = new OutputQueue<T>(options.ordered)
  const pending: Array<{ range: KeyRange; segment: Segment<T> }> = [{ range: {}, segment: queue.firstSegment() }]
  const workers: Promise<void>[] = []
  const producers = new Waiters()
  const consumer = new Waiters()
  const cpu = new CpuWatch()
  let running = 0
  let failure: unknown
  let fastest = Number.POSITIVE_INFINITY
  const maxRanges = () => Math.max(1, Math.floor(gate.limit / options.requestsPerRange))

  const feedback = (status: number, latency: number) => {
    if (status === 503 || status === 429) return gate.onThrottle()
    if (status !== 200) return
    // Grow only while requests answer about as fast as the fastest did, the consumer keeps up and
    // the CPU has time to spare; shrink when answers queue up. Past that point more requests in
    // flight cannot go faster, and only keep more memory alive.
    fastest = Math.min(fastest, latency)
    if (latency > 4 * fastest) gate.onQueued()
    else gate.onSuccess(latency < 2 * fastest && queue.queued < options.queueBudget && !cpu.busy())
  }

  const taskFor = (range: KeyRange, segment: Segment<T>): RangeTask<T> => ({
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
    async emit(item, weight) {
      for (;;) {
        signal.throwIfAborted()
        const room = queue.isHead(segment) ? queue.queued < options.queueBudget : queue.held < options.heldBudget
        if (room) break
        await producers.wait()
      }
      queue.put(segment, item, weight)
      consumer.wakeAll()
    },
    split(first, last) {
      const idle = maxRanges() - running
      if (pending.length > 0 || idle < 1 || failure !== undefined) return
      const points = splitPoints(first, last, range.end, Math.min(idle, 16) + 1, alphabet, options.prefix)
      if (points.length === 0) return
      let after = segment
      for (const [index, point] of points.entries()) {
        const next = points[index + 1] ?? range.end
        after = after.insertAfter()
        pending.push({ range: { startAfter: point, ...(next === undefined ? {} : { end: next }) }, segment: after })
      }
      range.end = points[0] as string
      consumer.wakeAll()
    },
  })

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
      // The head of ordered output always runs, or workers holding later ranges could wait forever.
      if (running >= maxRanges() && !(options.ordered && queue.isHead(first.segment))) break
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

/** Whether the event loop was nearly always busy lately: then more requests cannot be handled faster. */
class CpuWatch {
  private last = performance.eventLoopUtilization()
  private sampledAt = performance.now()
  private wasBusy = false

  busy(): boolean {
    const now = performance.now()
    if (now - this.sampledAt >= 100) {
      const current = performance.eventLoopUtilization()
      this.wasBusy = performance.eventLoopUtilization(current, this.last).utilization > 0.9
      this.last = current
      this.sampledAt = now
    }
    return this.wasBusy
  }
}
