import { paginateListJobs, UpdateJobStatusCommand, type S3ControlClient } from '@aws-sdk/client-s3-control'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { InvalidInputError, jobNotFound } from '../errors.js'
import { snapshotOf, UNFINISHED_STATES, type JobSnapshot } from './job-snapshot.js'
import { isSeedJobDescription } from '../layout.js'

export interface ListSeedJobsOptions {
  accountId: string
  region: string
  /** Only jobs that have not ended. Default: all. */
  unfinished?: boolean
}

/**
 * The jobs s3-seed created in one Region, newest first: those whose description starts with
 * "s3-seed: ". ListJobs keeps finished jobs for 90 days (UG batch-ops-list-jobs).
 */
export async function listSeedJobs(s3control: S3ControlClient, options: ListSeedJobsOptions): Promise<JobSnapshot[]> {
  const jobs: JobSnapshot[] = []
  try {
    const input = { AccountId: options.accountId, MaxResults: 1000, ...(options.unfinished ? { JobStatuses: [...UNFINISHED_STATES] } : {}) }
    for await (const page of paginateListJobs({ client: s3control }, input)) {
      for (const job of page.Jobs ?? []) {
        if (isSeedJobDescription(job.Description)) jobs.push(snapshotOf(job, options.region))
      }
    }
  } catch (error) {
    throw wrapAwsError(error, 'ListJobs', `Listing Batch Operations jobs in ${options.region}`)
  }
  return jobs.sort((a, b) => (b.creationTime?.getTime() ?? 0) - (a.creationTime?.getTime() ?? 0))
}

/** Asks S3 to cancel a job; an Active job passes through Cancelling first. Returns the new state. */
export async function cancelJob(s3control: S3ControlClient, accountId: string, jobId: string, region: string): Promise<string> {
  try {
    const { Status } = await s3control.send(
      new UpdateJobStatusCommand({ AccountId: accountId, JobId: jobId, RequestedJobStatus: 'Cancelled', StatusUpdateReason: 'Cancelled with s3-seed cancel' }),
    )
    return Status ?? 'Cancelling'
  } catch (error) {
    if (awsErrorCode(error) === 'NotFoundException') throw jobNotFound(jobId, region)
    // JobStatusException: the job has ended (S3 Control model UpdateJobStatus errors); asking is the user's mistake.
    if (awsErrorCode(error) === 'JobStatusException') {
      throw new InvalidInputError(`Job ${jobId} cannot be cancelled: ${(error as Error).message} Check its state with s3-seed status ${jobId} --region ${region}.`, 'JOB_ID')
    }
    throw wrapAwsError(error, 'UpdateJobStatus', `Cancelling job ${jobId}`)
  }
}
