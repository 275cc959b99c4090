import { convergenceLines, destinationAccessLines, followUpCommand, keptRunning, type Convergence, type PairSummary, type ReportSummary, type RunSummary } from '@s3-seed/core'

/** One pair's entry in the `results` output (JSON): core's summary, as plain data. */
export interface PairResult {
  source: string
  destination: string
  jobId?: string
  region?: string
  /** The job's S3 status, or: Empty (nothing to copy), DryRun, Timeout (stopped waiting), Interrupted, Error. */
  state: string
  total: number
  succeeded: number
  failed: number
  report?: ReportSummary
  /** Objects changed or deleted after the listing (PreconditionFailed, NoSuchKey): replication carries them; not in `failed`. */
  changedOrGone?: number
  /** Retry jobs for transiently failed tasks, in order; their counts are in succeeded and failed. */
  retryJobIds?: string[]
  /** A copy under a live replication rule: the keys written meanwhile, checked and repaired after the job. */
  convergence?: Convergence
  error?: string
}

export function pairResult(pair: PairSummary): PairResult {
  const { source, destination, jobId, region, state, total, succeeded, failed, report, changedOrGone, convergence, error } = pair
  return {
    source,
    destination,
    ...(jobId === undefined ? {} : { jobId }),
    ...(region === undefined ? {} : { region }),
    state,
    total,
    succeeded,
    failed,
    ...(changedOrGone > 0 ? { changedOrGone } : {}),
    ...(report ? { report } : {}),
    ...(pair.jobIds.length > 1 ? { retryJobIds: pair.jobIds.slice(1) } : {}),
    ...(convergence ? { convergence } : {}),
    ...(error ? { error: error.message } : {}),
  }
}

/** The step's outputs (strings, as the runner stores them). */
export function actionOutputs(summary: RunSummary): Record<string, string> {
  return {
    'job-id': summary.jobIds[0] ?? '',
    'job-ids': JSON.stringify(summary.jobIds),
    state: summary.state,
    total: String(summary.total),
    succeeded: String(summary.succeeded),
    failed: String(summary.failed),
    repaired: String(sumOver(summary, (convergence) => convergence.repaired.stale + convergence.repaired.resurrected)),
    unconverged: String(sumOver(summary, (convergence) => convergence.unconverged.length)),
    results: JSON.stringify(summary.pairs.map(pairResult)),
  }
}

const sumOver = (summary: RunSummary, count: (convergence: Convergence) => number) =>
  summary.pairs.reduce((sum, pair) => sum + (pair.convergence ? count(pair.convergence) : 0), 0)

/** Why the step fails, or undefined when it succeeds; core's exit class decides, this only words it. */
export function failureMessage(summary: RunSummary, failOnTaskFailures: boolean, timeoutMinutes: number): string | undefined {
  const problems: string[] = []
  for (const pair of summary.pairs) {
    const name = `${pair.source} -> ${pair.destination}`
    switch (pair.exit) {
      case 'ok':
        break
      case 'invalid-input':
      case 'aws-error': {
        // Jobs created before the error run on (expired credentials while following): name them.
        const running = followOrCancel(pair)
        problems.push(`${name}: ${pair.error?.message ?? pair.state}${running ? `; ${running}` : ''}`)
        break
      }
      case 'job-failed':
        problems.push(`${name}: job ${pair.jobId} ended ${pair.state}`)
        break
      case 'stopped':
        problems.push(
          pair.state === 'Interrupted'
            ? `${name}: the workflow was cancelled; ${followOrCancel(pair)}`
            : `${name}: stopped waiting after ${timeoutMinutes} min (input timeout-minutes); job ${pair.jobId} keeps running. Use mode: detached for long jobs.`,
        )
        break
      case 'tasks-failed':
        // A destination that differs from its source fails the step whatever fail-on-task-failures says.
        if (pair.convergence?.error !== undefined || (pair.convergence?.unconverged.length ?? 0) > 0) {
          problems.push(`${name}: ${convergenceLines(pair.convergence as Convergence).join('\n')}`)
        }
        if (failOnTaskFailures && pair.failed > 0) {
          const retry = pair.followUps.find((followUp) => followUp.command === 'retry')
          problems.push(`${name}: ${pair.failed} of ${pair.total} tasks failed (set fail-on-task-failures: false to allow).${retry ? ` Run them again with: ${followUpCommand(retry)}` : ''}`)
        }
    }
  }
  return problems.length === 0 ? undefined : problems.join('\n')
}

/** Every job of a pair that keeps running, with the commands to follow and to stop it. */
export function followOrCancel(pair: PairSummary): string {
  return keptRunning(pair)
    .map(([jobId, watch, cancel]) => `job ${jobId} keeps running: follow it with ${watch}, stop it with ${cancel}`)
    .join('; ')
}

/** The log lines of one pair's result, shown in its collapsible group. */
export function resultLines(pair: PairSummary): string[] {
  const lines = [`State: ${pair.state}, Total: ${pair.total}, Success: ${pair.succeeded}, Failed ${pair.failed}`]
  if (pair.jobId) lines.push(`Job: ${pair.jobId} (${pair.region})`)
  if (pair.jobIds.length > 1) lines.push(`Retry jobs for transiently failed tasks: ${pair.jobIds.slice(1).join(', ')}`)
  if (pair.error) lines.push(`Error: ${pair.error.message}`)
  for (const group of pair.report?.failures ?? []) {
    lines.push(`${group.errorCode}${group.httpStatus ? ` (HTTP ${group.httpStatus})` : ''}: ${group.count} tasks, e.g. ${group.examples.map((key) => JSON.stringify(key)).join(', ')}`)
  }
  if (pair.report) lines.push(`Completion report: ${pair.report.location}`)
  lines.push(...destinationAccessLines(pair.destinationStatements, pair.report?.failures ?? []))
  if (pair.convergence) lines.push(...convergenceLines(pair.convergence))
  return lines
}

/**
 * An attached step may wait up to timeout-minutes, but its credentials end sooner (configure-aws-credentials'
 * sessions last an hour by default): DescribeJob then fails with ExpiredToken. Says so at the start,
 * where the expiration is known, with the way out.
 */
export function sessionWarning(expiration: Date | undefined, timeoutMinutes: number, now: number): string | undefined {
  if (expiration === undefined) return undefined
  const left = Math.floor((expiration.getTime() - now) / 60_000)
  if (left >= timeoutMinutes) return undefined
  return (
    `The AWS credentials expire in ${left} min (${expiration.toISOString()}), before timeout-minutes (${timeoutMinutes}): a job that runs longer outlives them, and this step stops following it. ` +
    'Use mode: detached and a later step that runs s3-seed status (or watch) with fresh credentials, or a longer session (role-duration-seconds), or a shorter timeout-minutes.'
  )
}
