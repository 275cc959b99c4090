import type { CreateJobInput, Tag } from '../s3control/create-job-input.js'

/** The 13 job states of the S3 Control model (`JobStatus`). */
export type JobStatus =
  | 'New' | 'Preparing' | 'Suspended' | 'Ready' | 'Active' | 'Pausing' | 'Paused'
  | 'Completing' | 'Complete' | 'Cancelling' | 'Cancelled' | 'Failing' | 'Failed'

/** Terminal states (UG batch-ops-job-status). */
export const TERMINAL_STATES: readonly JobStatus[] = ['Complete', 'Cancelled', 'Failed']

export interface JobFailureReason {
  FailureCode: string
  FailureReason: string
}

export interface Job {
  id: string
  arn: string
  region: string
  input: CreateJobInput
  status: JobStatus
  priority: number
  tags: Tag[]
  creationTime: Date
  terminationDate?: Date
  suspendedDate?: Date
  suspendedCause?: string
  statusUpdateReason?: string
  failureReasons: JobFailureReason[]
  /** Known once the manifest has been read. */
  totalTasks?: number
  succeeded: number
  failed: number
  /** Time spent Active before the current stretch, plus the start of the current stretch. */
  activeMs: number
  activeSince?: number
  generatedManifest?: { bucket: string; key: string; etag: string }
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATES.includes(status)
}

export function elapsedActiveSeconds(job: Job, now = Date.now()): number {
  const running = job.activeSince === undefined ? 0 : now - job.activeSince
  return Math.floor((job.activeMs + running) / 1000)
}
