import { DescribeJobCommand, type S3ControlClient } from '@aws-sdk/client-s3-control'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { isCredentialError } from '../aws/credential-error.js'
import { AwsCallError, jobNotFound } from '../errors.js'
import { DEFAULT_MAX_OUTAGE_MS, isTransient, throughOutage, type OutageOptions, type OutageRetry } from '../aws/outage.js'
import { snapshotOf, type JobSnapshot } from './job-snapshot.js'
import { realSleep, type Sleep } from '../util/sleep.js'
import { defaultOf } from '../options/schema.js'

export interface PollJobOptions {
  accountId: string
  jobId: string
  /** The Region the job was created in (jobs are regional). */
  region: string
  /** First delay between DescribeJob calls. Default: the option schema's --poll-interval (5 s). */
  intervalMs?: number | undefined
  /** The delay grows by half while nothing changes, up to this. Default: 30000 ms. */
  maxIntervalMs?: number
  signal?: AbortSignal | undefined
  sleep?: Sleep | undefined
  onProgress?: (job: JobSnapshot) => void
  /**
   * Transient DescribeJob failures (throttling, 5xx, timeouts, resets) are retried for this long
   * before the poll gives up; the job runs on either way. Default: the option schema's --max-poll-outage (15 minutes).
   */
  maxOutageMs?: number | undefined
  /** Each retry during an outage, so adapters can say what is failing and when the next try is. */
  onRetry?: (retry: OutageRetry) => void
  now?: () => number
  random?: () => number
}

export type PollJobResult =
  | { state: 'complete'; job: JobSnapshot }
  | { state: 'failed'; job: JobSnapshot; reasons: string[] }
  | { state: 'cancelled'; job: JobSnapshot }
  | { state: 'aborted'; job?: JobSnapshot }

/** Polls DescribeJob until the job ends or the signal aborts, reporting every snapshot. */
export async function pollJob(s3control: S3ControlClient, options: PollJobOptions): Promise<PollJobResult> {
  const sleep = options.sleep ?? realSleep
  const baseInterval = options.intervalMs ?? defaultOf('pollInterval') * 1000
  const maxInterval = Math.max(baseInterval, options.maxIntervalMs ?? 30_000)
  let interval = baseInterval
  let last: JobSnapshot | undefined
  let credentialRetry = false
  for (;;) {
    if (options.signal?.aborted) return last ? { state: 'aborted', job: last } : { state: 'aborted' }
    let job: JobSnapshot
    try {
      job = await throughOutage(`Describing job ${options.jobId}`, () => describeJob(s3control, options.accountId, options.jobId, options.region), { ...outageOptions(options), sleep })
    } catch (error) {
      if (options.signal?.aborted) return last ? { state: 'aborted', job: last } : { state: 'aborted' }
      // A request signed just before its credentials expired can arrive after: once, the call is made
      // again, and a refreshing provider (SSO, web identity, credential_process) signs it with new ones.
      if (isCredentialError(error) && !credentialRetry) {
        credentialRetry = true
        continue
      }
      if (isCredentialError(error)) {
        throw new AwsCallError(
          `Stopped following job ${options.jobId}: the AWS credentials expired or were refused (${error instanceof AwsCallError ? error.code : 'credentials'}). ` +
            `The job keeps running; with fresh credentials, follow it with s3-seed watch ${options.jobId} --region ${options.region}.`,
          'DescribeJob',
          error instanceof AwsCallError ? error.code : 'CredentialsProviderError',
          { cause: error },
        )
      }
      if (!isTransient(error)) throw error
      const minutes = Math.round((options.maxOutageMs ?? DEFAULT_MAX_OUTAGE_MS) / 60_000)
      throw new AwsCallError(
        `Stopped following job ${options.jobId}: DescribeJob kept failing for ${minutes} min (last: ${(error as Error).message}). ` +
          `The job keeps running; follow it with s3-seed watch ${options.jobId} --region ${options.region}, or allow a longer outage with --max-poll-outage.`,
        'DescribeJob',
        error instanceof AwsCallError ? error.code : 'Error',
        { cause: error },
      )
    }
    credentialRetry = false
    options.onProgress?.(job)
    if (job.status === 'Complete') return { state: 'complete', job }
    if (job.status === 'Failed') return { state: 'failed', job, reasons: job.failureReasons }
    if (job.status === 'Cancelled') return { state: 'cancelled', job }
    interval = last !== undefined && sameProgress(last, job) ? Math.min(Math.round(interval * 1.5), maxInterval) : baseInterval
    last = job
    try {
      await sleep(interval, options.signal)
    } catch (error) {
      if (options.signal?.aborted) return { state: 'aborted', job }
      throw error
    }
  }
}

function outageOptions(options: PollJobOptions): OutageOptions {
  const { maxOutageMs, signal, onRetry, now, random } = options
  return { maxOutageMs, signal, onRetry, now, random }
}

export async function describeJob(s3control: S3ControlClient, accountId: string, jobId: string, region: string): Promise<JobSnapshot> {
  try {
    const { Job } = await s3control.send(new DescribeJobCommand({ AccountId: accountId, JobId: jobId }))
    if (Job === undefined) throw new Error(`DescribeJob returned no job for ${jobId}`)
    return snapshotOf(Job, region)
  } catch (error) {
    // A job ID that does not exist here is the user's input, not an AWS failure.
    if (awsErrorCode(error) === 'NotFoundException') throw jobNotFound(jobId, region)
    throw wrapAwsError(error, 'DescribeJob', `Describing job ${jobId}`)
  }
}

function sameProgress(a: JobSnapshot, b: JobSnapshot): boolean {
  return a.status === b.status && a.succeeded === b.succeeded && a.failed === b.failed && a.total === b.total
}
