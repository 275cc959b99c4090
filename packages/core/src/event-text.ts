import type { SeedEvent } from './events.js'
import type { JobSnapshot } from './jobs/job-snapshot.js'

/** One line of job state, as s3-seed prints it everywhere. */
export function stateLine(job: JobSnapshot): string {
  return `State: ${job.status}, Total: ${job.total ?? '?'}, Success: ${job.succeeded}, Failed ${job.failed}`
}

/**
 * A plain-text line for an event, for adapters that log lines (the CLI off a terminal, the Action).
 * Returns undefined for events that are only worth a progress bar (listing counts).
 */
export function eventText(event: SeedEvent): string | undefined {
  switch (event.type) {
    case 'warning':
      return `warning: ${event.message}`
    case 'operation-chosen':
      return `Using ${event.operation === 'replicate' ? 'Batch Replication (S3ReplicateObject)' : 'a copy job (S3PutObjectCopy)'}: ${event.reason}`
    case 'role-ready':
      return `${event.created ? 'Created' : 'Updated'} IAM role: ${event.arn}`
    case 'manifest-started':
      return `Creating manifest for bucket: ${event.source}`
    case 'manifest-progress':
      return undefined
    case 'manifest-uploaded':
      return `Uploading manifest: s3://${event.bucket}/${event.key} (${event.objectCount} objects${event.skipped ? `; ${event.skipped} already in the destination` : ''})`
    case 'large-copy':
      return event.copiedBytes === event.totalBytes ? `Copied large object: ${event.key} (${event.totalBytes} bytes, multipart)` : undefined
    case 'job-found':
      return `An s3-seed job for this pair is still running: ${event.jobId}; following it instead of starting another`
    case 'job-retry':
      return `Job not created yet: ${event.reason}; retrying in ${Math.round(event.delayMs / 1000)} s (attempt ${event.attempt})`
    case 'job-created':
      return `Created s3 batch job: ${event.jobId}`
    case 'job-progress':
      return stateLine(event.job)
    case 'retry-round':
      return `Retry round ${event.round} of ${event.rounds}: ${event.objectCount} tasks of job ${event.retriedJobId} failed for a transient reason; running them again as job ${event.jobId}`
    case 'poll-retry': {
      const { retry } = event
      return (
        `${retry.what} failed (${retry.error}); trying again in ${seconds(retry.delayMs)} ` +
        `(failing for ${seconds(retry.outageMs)}; s3-seed gives up after ${seconds(retry.maxOutageMs)}, --max-poll-outage; the job runs on either way)`
      )
    }
  }
}

function seconds(ms: number): string {
  const total = Math.round(ms / 1000)
  return total < 120 ? `${total} s` : `${Math.round(total / 60)} min`
}
