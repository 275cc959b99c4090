import { isThrottlingError, isTransientError } from '@smithy/core/retry'
import { AwsCallError } from '../errors.js'
import { realSleep, type Sleep } from '../util/sleep.js'
import { defaultOf } from '../options/schema.js'

/**
 * Whether a failed call may succeed later: throttling (429, SlowDown, TooManyRequestsException...),
 * 5xx answers, timeouts and connection resets. The classification is the SDK's own
 * (@smithy/core/retry), which follows AWS's advice to retry InternalError and back off on SlowDown
 * (UG ErrorBestPractices). Authorisation errors, NotFound and bad requests are not transient.
 */
export function isTransient(error: unknown): boolean {
  const cause = error instanceof AwsCallError && error.cause !== undefined ? error.cause : error
  if (typeof cause !== 'object' || cause === null) return false
  const sdkError = cause as Parameters<typeof isTransientError>[0]
  return isThrottlingError(sdkError) || isTransientError(sdkError) || (sdkError.$metadata?.httpStatusCode ?? 0) >= 500
}

/** One retry of a call during an outage, for a visible line. */
export interface OutageRetry {
  /** What was being done, e.g. `Describing job 1234`. */
  what: string
  attempt: number
  /** The error, as one line. */
  error: string
  delayMs: number
  /** How long the calls have been failing so far. */
  outageMs: number
  /** How long they may fail before s3-seed gives up. */
  maxOutageMs: number
}

export interface OutageOptions {
  /** Give up when calls have failed for this long. Default: the option schema's --max-poll-outage (15 minutes). */
  maxOutageMs?: number | undefined
  /** First delay; doubles up to `maxDelayMs`, with jitter. Default: 1000 ms. */
  initialDelayMs?: number
  /** Default: 60000 ms. */
  maxDelayMs?: number
  sleep?: Sleep
  signal?: AbortSignal | undefined
  now?: (() => number) | undefined
  random?: (() => number) | undefined
  onRetry?: ((retry: OutageRetry) => void) | undefined
}

export const DEFAULT_MAX_OUTAGE_MS = defaultOf('maxPollOutage') * 60_000

/**
 * Calls `call` until it succeeds, retrying transient failures with capped exponential backoff and
 * jitter (half the delay fixed, half random, so many clients do not retry in step) for as long as
 * `maxOutageMs`. Other errors, and the last transient one once the outage is too long, are thrown.
 * A job keeps running through an API outage; the one following it should too.
 */
export async function throughOutage<T>(what: string, call: () => Promise<T>, options: OutageOptions = {}): Promise<T> {
  const sleep = options.sleep ?? realSleep
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const maxOutageMs = options.maxOutageMs ?? DEFAULT_MAX_OUTAGE_MS
  const maxDelayMs = options.maxDelayMs ?? 60_000
  let started: number | undefined
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!isTransient(error) || options.signal?.aborted) throw error
      started ??= now()
      const outageMs = now() - started
      const cap = Math.min(maxDelayMs, (options.initialDelayMs ?? 1000) * 2 ** (attempt - 1))
      const delayMs = Math.min(Math.round(cap / 2 + (random() * cap) / 2), Math.max(0, maxOutageMs - outageMs))
      if (outageMs >= maxOutageMs || delayMs <= 0) throw error
      options.onRetry?.({ what, attempt, error: oneLine(error), delayMs, outageMs, maxOutageMs })
      await sleep(delayMs, options.signal)
    }
  }
}

function oneLine(error: unknown): string {
  const cause = error instanceof AwsCallError && error.cause instanceof Error ? error.cause : error
  const name = cause instanceof Error ? cause.name : 'Error'
  const message = cause instanceof Error ? cause.message : String(cause)
  return `${name}: ${message}`.split('\n')[0]?.slice(0, 200) ?? name
}
