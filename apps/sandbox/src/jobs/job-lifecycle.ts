import { badRequest, S3ControlError } from '../s3control/errors.js'
import { isTerminal, type Job, type JobStatus } from './job.js'

/*
 * The job state machine (UG batch-ops-job-status). Every status change goes through `transition`,
 * so a job that has ended, or is being cancelled, cannot be moved on by a task or stage still running.
 */

/** Moves a job to a new state unless it has already ended. Returns whether it moved. */
export function transition(job: Job, to: JobStatus): boolean {
  if (isTerminal(job.status)) return false
  if (job.status === 'Cancelling' && to !== 'Cancelled') return false
  job.status = to
  if (isTerminal(to)) job.terminationDate = new Date()
  return true
}

/** Ends a job as Failed with one more FailureReason (AWS caps the reason at 256 characters). */
export function failJob(job: Job, code: string, reason: string): void {
  job.failureReasons.push({ FailureCode: code, FailureReason: reason.slice(0, 256) })
  transition(job, 'Failed')
}

/** UpdateJobStatus: Ready confirms a Suspended job; Cancelled stops any job that has not ended. */
export function requestStatusChange(job: Job, requested: string, reason?: string): void {
  if (requested !== 'Ready' && requested !== 'Cancelled') {
    throw badRequest(`RequestedJobStatus must be Ready or Cancelled, not "${requested}".`)
  }
  if (requested === 'Ready') {
    if (job.status !== 'Suspended') {
      throw new S3ControlError('JobStatusException', `Job ${job.id} is ${job.status}; only a Suspended job can be set to Ready.`)
    }
    transition(job, 'Ready')
  } else {
    if (isTerminal(job.status) || job.status === 'Cancelling' || job.status === 'Failing' || job.status === 'Completing') {
      throw new S3ControlError('JobStatusException', `Job ${job.id} is ${job.status} and can no longer be cancelled.`)
    }
    // An Active job stops dispatching tasks and ends Cancelled once running tasks finish.
    transition(job, job.status === 'Active' ? 'Cancelling' : 'Cancelled')
  }
  if (reason !== undefined) job.statusUpdateReason = reason
}
