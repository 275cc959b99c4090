import type { JobDescriptor, JobListDescriptor } from '@aws-sdk/client-s3-control'

/** The 13 job states of the S3 Control model. */
export type JobStatus =
  | 'New' | 'Preparing' | 'Suspended' | 'Ready' | 'Active' | 'Pausing' | 'Paused'
  | 'Completing' | 'Complete' | 'Cancelling' | 'Cancelled' | 'Failing' | 'Failed'

/** A job as s3-seed reports it: plain data, never a raw SDK response. */
export interface JobSnapshot {
  jobId: string
  region: string
  status: JobStatus
  description?: string | undefined
  /** Unknown until the manifest has been read. */
  total?: number | undefined
  succeeded: number
  failed: number
  elapsedSeconds: number
  failureReasons: string[]
  creationTime?: Date | undefined
  terminationDate?: Date | undefined
}

/** Every state but the terminal ones: Complete, Cancelled and Failed (UG batch-ops-job-status). */
export const UNFINISHED_STATES = ['New', 'Preparing', 'Suspended', 'Ready', 'Active', 'Pausing', 'Paused', 'Completing', 'Cancelling', 'Failing'] as const

export function snapshotOf(job: JobDescriptor | JobListDescriptor, region: string): JobSnapshot {
  const progress = job.ProgressSummary
  const reasons = 'FailureReasons' in job ? (job.FailureReasons ?? []) : []
  return {
    jobId: job.JobId ?? '',
    region,
    status: (job.Status ?? 'New') as JobStatus,
    description: job.Description,
    total: progress?.TotalNumberOfTasks,
    succeeded: progress?.NumberOfTasksSucceeded ?? 0,
    failed: progress?.NumberOfTasksFailed ?? 0,
    elapsedSeconds: progress?.Timers?.ElapsedTimeInActiveSeconds ?? 0,
    failureReasons: reasons.map((reason) => `${reason.FailureCode ?? 'Failure'}: ${reason.FailureReason ?? ''}`.trim()),
    creationTime: job.CreationTime,
    terminationDate: job.TerminationDate,
  }
}
