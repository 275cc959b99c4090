import type { S3Client } from '@aws-sdk/client-s3'
import { setMaxListeners } from 'node:events'
import { performance } from 'node:perf_hooks'
import { AimdGate } from '../listing/aimd-gate.js'
import type { ListingDifference } from '../listing/diff.js'
import { EventLoopLoad } from '../listing/event-loop-load.js'
import { compareContent, sourceRulesOut, type ContentVerdict, type HeadResult } from './content-rule.js'
import { headObject } from './object-head.js'

export interface ContentCheckOptions {
  source: { s3: S3Client; bucket: string }
  destination: { s3: S3Client; bucket: string }
  /** Most HeadObject requests in flight; an AIMD gate finds how many help, up to this. */
  concurrency: number
  signal?: AbortSignal | undefined
}

/** An entry of the comparison, in key order; a `same` one with its content verdict. */
export interface CheckedEntry {
  entry: ListingDifference
  verdict?: ContentVerdict
}

/**
 * Entries held at once: the ones whose HEADs are in flight, and the ones done behind the first that
 * is not (delivered in key order). About 300 bytes each; a stalled HEAD (a retry) stops the intake
 * once this many wait behind it.
 */
const WINDOW = 4096
/** Requests in flight at the start; the gate doubles them each round trip while they help. */
const INITIAL = 8
/** Above this share of busy event loop, more requests in flight only queue (listing/range-pool.ts). */
const SPARE = 0.85

/**
 * Compares the content of the objects both buckets hold at the same size, with HeadObject on each
 * side, as the listing's comparison streams: entries go in in key order (`add`) and come out in key
 * order (`deliver`), so memory is bounded by WINDOW, not by the bucket. The source is asked first;
 * the destination only when a comparison is possible (`sourceRulesOut`), so up to 2 HEADs a key.
 */
export class ContentCheck {
  /** HeadObject calls made (each may have been retried by the SDK). */
  headRequests = 0
  /** HeadObject calls in flight now. */
  inFlight = 0
  private readonly slots: Array<{ checked: CheckedEntry; done: boolean }> = []
  private readonly gate: AimdGate
  private readonly load = new EventLoopLoad()
  private fastest = Number.POSITIVE_INFINITY
  private readonly aborter = new AbortController()
  private readonly signal: AbortSignal
  private failure: { error: unknown } | undefined
  private wake: (() => void) | undefined

  constructor(
    private readonly options: ContentCheckOptions,
    private readonly deliver: (checked: CheckedEntry) => void,
  ) {
    this.gate = new AimdGate(INITIAL, options.concurrency)
    this.signal = options.signal ? AbortSignal.any([options.signal, this.aborter.signal]) : this.aborter.signal
    // Every request in flight listens for the abort, and the SDK adds a listener per attempt (its
    // handler, its retry wait) that it removes when the attempt ends: bounded by the requests in
    // flight, not a leak. Four per request leaves room for retries under load.
    setMaxListeners(4 * options.concurrency + 10, this.signal)
  }

  /** Takes the next entry in key order, waiting while WINDOW entries are held. */
  async add(entry: ListingDifference): Promise<void> {
    while (this.slots.length >= WINDOW) await this.changed()
    const slot = { checked: { entry } as CheckedEntry, done: entry.kind !== 'same' }
    this.slots.push(slot)
    if (!slot.done) {
      this.check(entry).then(
        (verdict) => {
          slot.checked.verdict = verdict
          slot.done = true
          try {
            this.drain()
          } catch (error) {
            this.fail(error)
          }
        },
        (error: unknown) => this.fail(error),
      )
    }
    this.drain()
  }

  /** Gives up: aborts the HEADs in flight and delivers nothing more (the listing failed). */
  stop(reason: unknown): void {
    this.fail(reason)
  }

  /** Waits until every entry has been delivered. */
  async finish(): Promise<void> {
    while (this.slots.length > 0) await this.changed()
  }

  private async check(entry: ListingDifference): Promise<ContentVerdict> {
    const source = await this.head(this.options.source, entry.key)
    const ruledOut = sourceRulesOut(source)
    if (ruledOut !== undefined) return { comparison: ruledOut, source }
    const destination = await this.head(this.options.destination, entry.key)
    return { comparison: compareContent(source, destination), source, destination }
  }

  private async head(side: { s3: S3Client; bucket: string }, key: string): Promise<HeadResult> {
    await this.gate.acquire()
    this.inFlight++
    this.headRequests++
    try {
      this.signal.throwIfAborted()
      const started = performance.now()
      return await headObject(side.s3, side.bucket, key, { signal: this.signal, onStatus: (status) => this.feedback(status, performance.now() - started) })
    } finally {
      this.inFlight--
      this.gate.release()
    }
  }

  /** Grow while answers come back as fast as the fastest and the event loop has time to spare. */
  private feedback(status: number, latency: number): void {
    if (status === 503 || status === 429) return this.gate.onThrottle()
    if (status >= 500) return
    this.fastest = Math.min(this.fastest, latency)
    this.load.sample()
    this.gate.onSuccess(this.load.value < SPARE && latency < 4 * this.fastest)
  }

  private drain(): void {
    while (this.failure === undefined && this.slots[0]?.done) this.deliver((this.slots.shift() as { checked: CheckedEntry }).checked)
    this.notify()
  }

  private fail(error: unknown): void {
    this.failure ??= { error }
    this.aborter.abort(error)
    this.notify()
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  /** Resolves on the next change (an entry done or delivered); throws the first failure. */
  private async changed(): Promise<void> {
    this.throwIfFailed()
    await new Promise<void>((resolve) => (this.wake = resolve))
    this.throwIfFailed()
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error
  }
}
