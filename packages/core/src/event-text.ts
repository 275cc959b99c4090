import type { SeedEvent } from './events.js'
import type { JobSnapshot } from './jobs/job-snapshot.js'
import type { Convergence } from './seed/convergence.js'

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
    case 'convergence-started':
      return `Checking the ${event.written} key(s) written to the source since the listing (${event.since}): waiting for their replication to settle (at most --settle-timeout)`
    case 'convergence-settling':
      return undefined
    case 'convergence-done':
      return convergenceLines(event.convergence).join('\n')
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

/** Most keys listed by name when a seeding did not converge; the rest are counted. */
const LISTED_KEYS = 20

/** What the check after a copy under live replication found, repaired and left, with what to run next. */
export function convergenceLines(convergence: Convergence): string[] {
  if (convergence.error !== undefined) {
    return [`Could not check the keys written during the seeding: ${convergence.error}`, ...convergence.nextCommands.map((command) => `  Compare by content with: ${command}`)]
  }
  const { repaired, unconverged } = convergence
  const lines = [
    `Checked ${convergence.written} key(s) written during the seeding (replication settled in ${seconds(convergence.settledMs)}): ` +
      `${repaired.stale + repaired.resurrected} late copies removed (${repaired.stale} stale, ${repaired.resurrected} resurrected), ` +
      (unconverged.length === 0 ? 'the destination matches the source' : `${unconverged.length} key(s) not converged:`),
  ]
  for (const entry of unconverged.slice(0, LISTED_KEYS)) lines.push(`  ${JSON.stringify(entry.key)}: ${entry.problem} (${entry.detail})`)
  if (unconverged.length > LISTED_KEYS) lines.push(`  … and ${unconverged.length - LISTED_KEYS} more (--json lists them all)`)
  for (const command of convergence.nextCommands) lines.push(`  Then: ${command}`)
  return lines
}

/** After AccessDenied tasks of a pair whose destination is another account's: what its owner must add. */
export function destinationAccessLines(statements: readonly string[] | undefined, failures: ReadonlyArray<{ errorCode: string }>): string[] {
  if (statements === undefined || statements.length === 0 || !failures.some((group) => group.errorCode === 'AccessDenied')) return []
  return ["If the destination's account refused those tasks, its owner must add:", ...statements.map((statement) => `  ${statement}`)]
}
