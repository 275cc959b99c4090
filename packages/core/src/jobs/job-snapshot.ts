import type { JobDescriptor, JobListDescriptor } from '@aws-sdk/client-s3-control'

/** The 13 job states of the S3 Control model. */
export type JobStatus =
  | 'New' | 'Preparing' | 'Suspended' | 'Ready' | 'Active' | 'Pausing' | 'Paused'
  | 'Completing' | 'Complete' | 'Cancelling' | 'Cancelled' | 'Failing' | 'Failed'

/** Terminal states (UG batch-ops-job-status). */
export const TERMINAL_STATES: readonly JobStatus[] = ['Complete', 'Cancelled', 'Failed']

/** A job as s3-seed reports it: plain data, never a raw SDK response. */
export interface JobSnapshot {
  jobId: string
  region: string
  status: JobStatus
  description?: string
  /** Unknown until the manifest has been read. */
  total?: number
  succeeded: number
  failed: number
  elapsedSeconds: number
  failureReasons: string[]
  creationTime?: Date
  terminationDate?: Date
}

/** Every state but the terminal ones. */
export const UNFINISHED_STATES = ['New', 'Preparing', 'Suspended', 'Ready', 'Active', 'Pausing', 'Paused', 'Completing', 'Cancelling', 'Failing'] as const

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATES.includes(status)
}

export function snapshotOf(job: JobDescriptor | JobListDescriptor, region: string): JobSnapshot {
  const progress = job.ProgressSummary
  const reasons = 'FailureReasons' in job ? (job.FailureReasons ?? []) : []
  return {
    jobId: job.JobId ?? '',
    region,
    status: (job.Status ?? 'New') as JobStatus,
    ...(job.Description === undefined ? {} : { description: job.Description }),
    ...(progress?.TotalNumberOfTasks === undefined ? {} : { total: progress.TotalNumberOfTasks }),
    succeeded: progress?.NumberOfTasksSucceeded ?? 0,
    failed: progress?.NumberOfTasksFailed ?? 0,
    elapsedSeconds: progress?.Timers?.ElapsedTimeInActiveSeconds ?? 0,
    failureReasons: reasons.map((reason) => `${reason.FailureCode ?? 'Failure'}: ${reason.FailureReason ?? ''}`.trim()),
    ...(job.CreationTime === undefined ? {} : { creationTime: job.CreationTime }),
    ...(job.TerminationDate === undefined ? {} : { terminationDate: job.TerminationDate }),
  }
}
