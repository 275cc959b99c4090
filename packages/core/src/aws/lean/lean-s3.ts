import type { S3Client } from '@aws-sdk/client-s3'
import { isThrottlingError, isTransientError, isServerError, getRetryAfterHint } from '@smithy/core/retry'
import { HttpRequest, type HttpResponse } from '@smithy/core/transport'
import type { Readable } from 'node:stream'
import { expectedBucketOwner } from '../bucket-owners.js'
import { realSleep } from '../../util/sleep.js'
import { bucketEndpoint, type BucketEndpoint, type Unsupported } from './lean-endpoint.js'
import { clockOffsetFrom, header, s3Error } from './lean-error.js'

/** The SHA-256 of an empty payload: S3 wants the body's hash in x-amz-content-sha256 (SigV4 for S3: Signature calculations). */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** The SDK's signer, HTTP handler and retry strategy, as the lean path uses them. */
interface Signer {
  sign(request: HttpRequest, options: { signingDate: Date; signingRegion: string; signingService: string }): Promise<HttpRequest>
}
interface Handler {
  handle(request: HttpRequest, options: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }>
}
interface RetryToken {
  getRetryCount(): number
  getRetryDelay(): number
}
interface RetryStrategy {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>
  refreshRetryTokenForRetry(token: RetryToken, info: { errorType: string; error: unknown; retryAfterHint?: Date }): Promise<RetryToken>
  recordSuccess(token: RetryToken): void
}

export interface LeanGetOptions {
  signal?: AbortSignal | undefined
  /** Sees the status of every attempt, retries included. */
  onResponse?: ((statusCode: number) => void) | undefined
}

/**
 * Signed GET requests to S3 buckets without the SDK's per-request middleware stack, for the list
 * requests a listing sends by the thousand. What carries real-world knowledge is the client's own
 * (its resolved config): its SigV4 signer with its credential provider (which refreshes expiring
 * credentials; the signer asks it on every request, and it caches), its endpoint rules (computed once
 * per bucket and Region), its HTTP handler (the user's agent, proxy and timeouts), its retry strategy
 * (maxAttempts, backoff, the adaptive rate limiter) with the SDK's own error classification, and its
 * clock offset. Errors are thrown as the SDK throws them (s3Error).
 */
export class LeanS3 {
  private readonly endpoints = new Map<string, Promise<BucketEndpoint | Unsupported>>()
  /** Regions a redirect named for a bucket: its next requests go there at once. */
  private readonly bucketRegions = new Map<string, string>()

  constructor(
    private readonly s3: S3Client,
    private readonly region: string,
    private readonly signer: Signer,
    private readonly handler: Handler,
    private readonly retryStrategy: RetryStrategy,
    private readonly skewCorrection: boolean,
  ) {}

  /** The bucket's endpoint, or why the lean path cannot serve it. */
  endpoint(bucket: string, region = this.bucketRegions.get(bucket) ?? this.region): Promise<BucketEndpoint | Unsupported> {
    const key = `${region}\n${bucket}`
    let endpoint = this.endpoints.get(key)
    if (endpoint === undefined) {
      endpoint = bucketEndpoint(this.s3, bucket, region)
      this.endpoints.set(key, endpoint)
    }
    return endpoint
  }

  /**
   * Sends `GET /?query` to `bucket` and hands a 200 answer's body to `read`, retrying as the SDK's
   * retry middleware does (read included: a connection reset halfway through a body is retried too).
   * Any other answer is thrown as an S3 error after the retries the strategy allows.
   */
  async get<T>(bucket: string, query: Record<string, string>, read: (body: Readable) => Promise<T>, options: LeanGetOptions = {}): Promise<T> {
    const { signal } = options
    let token = await untilAborted(this.retryStrategy.acquireInitialRetryToken(''), signal)
    let attempts = 0
    let totalRetryDelay = 0
    let redirected = false
    for (;;) {
      attempts++
      const sentAt = Date.now()
      const signedWithOffset = this.s3.config.systemClockOffset
      try {
        const endpoint = await this.endpoint(bucket)
        if ('unsupported' in endpoint) throw new Error(`The lean list request path cannot reach ${bucket}: ${endpoint.unsupported}`)
        const request = await this.signed(endpoint, bucket, query)
        const { response } = await this.handler.handle(request, signal === undefined ? {} : { abortSignal: signal })
        options.onResponse?.(response.statusCode)
        if (response.statusCode === 200) {
          if (this.skewCorrection) this.s3.config.systemClockOffset = clockOffsetFrom(response, this.s3.config.systemClockOffset, sentAt)
          const result = await read(response.body as Readable)
          this.retryStrategy.recordSuccess(token)
          return result
        }
        const error = s3Error(response, await bodyText(response.body as Readable))
        // S3 names the bucket's Region when a request went to another one: a 301 PermanentRedirect,
        // or a 400 AuthorizationHeaderMalformed for a signature of the wrong Region (S3 API Reference,
        // Error responses; the SDK's region redirect middleware follows the same header). Once per call.
        const bucketRegion = header(response, 'x-amz-bucket-region')
        if (!redirected && bucketRegion !== undefined && bucketRegion !== endpoint.signingRegion && isRegionRedirect(response.statusCode, error.name)) {
          redirected = true
          this.bucketRegions.set(bucket, bucketRegion)
          attempts--
          continue
        }
        throw error
      } catch (caught) {
        const error = caught as Error & { $metadata?: Record<string, unknown>; $response?: HttpResponse }
        if (signal?.aborted) throw signal.reason ?? error
        if (this.skewCorrection) this.noteSkew(error, signedWithOffset, sentAt)
        const waitStarted = Date.now()
        try {
          // The strategy waits out the backoff itself (or the adaptive rate limiter does): an abort ends the wait.
          const retryAfterHint = getRetryAfterHint(error.$response)
          token = await untilAborted(this.retryStrategy.refreshRetryTokenForRetry(token, { errorType: retryErrorType(error), error, ...(retryAfterHint ? { retryAfterHint } : {}) }), signal)
        } catch {
          if (signal?.aborted) throw signal.reason ?? error
          if (typeof error === 'object' && error !== null) error.$metadata = { ...error.$metadata, attempts, totalRetryDelay }
          throw error
        }
        // Strategies of the older contract leave the wait to the caller, as the SDK's retry middleware does.
        const delay = token.getRetryDelay()
        if (delay > 0) await realSleep(delay, signal)
        totalRetryDelay += Date.now() - waitStarted
      }
    }
  }

  private async signed(endpoint: BucketEndpoint, bucket: string, query: Record<string, string>): Promise<HttpRequest> {
    const owner = expectedBucketOwner(this.s3, bucket)
    const request = new HttpRequest({
      method: 'GET',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port === undefined ? {} : { port: endpoint.port }),
      path: endpoint.path,
      query,
      headers: {
        host: endpoint.host,
        'x-amz-content-sha256': EMPTY_SHA256,
        'user-agent': USER_AGENT,
        ...(owner === undefined ? {} : { 'x-amz-expected-bucket-owner': owner }),
      },
    })
    // Signed at the server's time as far as the client knows it, as the SDK's SigV4 signer does.
    const signingDate = new Date(Date.now() + (this.skewCorrection ? this.s3.config.systemClockOffset : 0))
    return this.signer.sign(request, { signingDate, signingRegion: endpoint.signingRegion, signingService: 's3' })
  }

  /**
   * An error answer's Date header sets the client's clock offset, as the SDK's SigV4 signer's error
   * handler does; when the offset is large (4 minutes or more) and differs from the one this request
   * was signed with, the error (RequestTimeTooSkewed, SignatureDoesNotMatch...) is marked
   * `clockSkewCorrected`, which the SDK's retry classification takes as transient: it is retried,
   * signed at the corrected time.
   */
  private noteSkew(error: { $metadata?: Record<string, unknown>; $response?: HttpResponse }, signedWithOffset: number, sentAt: number): void {
    if (error.$response === undefined || error.$metadata === undefined) return
    const offset = clockOffsetFrom(error.$response, this.s3.config.systemClockOffset, sentAt)
    this.s3.config.systemClockOffset = offset
    if (Math.abs(offset) >= 240_000 && offset !== signedWithOffset) error.$metadata.clockSkewCorrected = true
  }
}

const USER_AGENT = 's3-seed (lean list requests)'

/** `promise`, or the signal's reason once it aborts (as the SDK's retry middleware races its waits). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  signal.throwIfAborted()
  let stop = () => {}
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    stop = () => signal.removeEventListener('abort', onAbort)
  })
  return Promise.race([promise, aborted]).finally(stop)
}

/** As the SDK's retry middleware classifies an error (@smithy/core/retry). */
function retryErrorType(error: unknown): string {
  const sdkError = error as Parameters<typeof isThrottlingError>[0]
  if (isThrottlingError(sdkError)) return 'THROTTLING'
  if (isTransientError(sdkError)) return 'TRANSIENT'
  if (isServerError(sdkError)) return 'SERVER_ERROR'
  return 'CLIENT_ERROR'
}

function isRegionRedirect(status: number, code: string): boolean {
  return status === 301 || status === 307 || (status === 400 && (code === 'AuthorizationHeaderMalformed' || code === 'IllegalLocationConstraintException'))
}

/** A response body as text (an error answer, or a page read whole). */
export function bodyText(body: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let result = ''
    body.setEncoding('utf8')
    body.on('data', (chunk: string) => (result += chunk))
    body.once('error', reject)
    body.once('end', () => resolve(result))
    // A body destroyed without an error (an abort) ends with close alone: settle rather than hang.
    body.once('close', () => reject(new Error('The response body closed before its end')))
  })
}
