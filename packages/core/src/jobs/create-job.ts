import { CreateJobCommand, type CreateJobCommandInput, type S3ControlClient } from '@aws-sdk/client-s3-control'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { AwsCallError } from '../errors.js'
import { realSleep, type Sleep } from '../util/sleep.js'

/** How long CreateJob is retried while a new role propagates: IAM propagation is usually seconds. */
export const CREATE_JOB_MAX_WAIT_MS = 120_000

export interface CreateJobOptions {
  /** Give up retrying after this long. Default: CREATE_JOB_MAX_WAIT_MS (120000 ms). */
  maxWaitMs?: number | undefined
  /** First retry delay; doubles each time up to 16 s. Default: 1000 ms. */
  initialDelayMs?: number
  sleep?: Sleep
  signal?: AbortSignal | undefined
  onRetry?: (attempt: number, delayMs: number, reason: string) => void
}

/**
 * CreateJob with a bounded backoff for two transient refusals: a role that S3 Batch Operations
 * cannot assume yet (IAM is eventually consistent, so a role created seconds ago may not be visible
 * to the service; see docs/decisions.md) and TooManyRequestsException.
 */
export async function createJob(s3control: S3ControlClient, input: CreateJobCommandInput, options: CreateJobOptions = {}): Promise<string> {
  const sleep = options.sleep ?? realSleep
  const maxWaitMs = options.maxWaitMs ?? CREATE_JOB_MAX_WAIT_MS
  let delayMs = options.initialDelayMs ?? 1000
  let waited = 0
  for (let attempt = 1; ; attempt++) {
    try {
      const { JobId } = await s3control.send(new CreateJobCommand(input), options.signal ? { abortSignal: options.signal } : {})
      if (!JobId) throw new Error('CreateJob returned no JobId')
      return JobId
    } catch (error) {
      const reason = retryReason(error)
      if (reason === undefined) {
        throw wrapAwsError(error, 'CreateJob', 'Creating the S3 Batch Operations job')
      }
      if (waited + delayMs > maxWaitMs) {
        throw new AwsCallError(
          reason === 'role'
            ? `Could not create the Batch Operations job: role ${input.RoleArn} was still not assumable after ${Math.round(waited / 1000)} s. ` +
                'New IAM roles take time to propagate; rerun, or pass an existing role with --role-arn (Action input role-arn).'
            : `Could not create the Batch Operations job: S3 kept answering TooManyRequests for ${Math.round(waited / 1000)} s. Rerun later, or lower --concurrency.`,
          'CreateJob',
          awsErrorCode(error) ?? 'Error',
          { cause: error },
        )
      }
      options.onRetry?.(attempt, delayMs, reason === 'role' ? 'the new role is not assumable yet' : 'throttled (TooManyRequests)')
      await sleep(delayMs, options.signal)
      waited += delayMs
      delayMs = Math.min(delayMs * 2, 16_000)
    }
  }
}

function retryReason(error: unknown): 'role' | 'throttled' | undefined {
  const code = awsErrorCode(error)
  if (code === 'TooManyRequestsException') return 'throttled'
  const message = error instanceof Error ? error.message : ''
  // The propagation symptom: the service reports it cannot assume (or find) the role just created.
  if ((code === 'BadRequestException' || code === 'AccessDenied') && /assume|role/i.test(message)) return 'role'
  return undefined
}
