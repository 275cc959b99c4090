import type { JobSnapshot, PairOutcome, ReportSummary } from '@s3-seed/core'

/** One pair's result, as the `results` output and the job summary show it. */
export interface PairResult {
  source: string
  destination: string
  jobId?: string
  region?: string
  /** The job's S3 status, or: Empty (nothing to copy), DryRun, Timeout (stopped waiting), Error. */
  state: string
  total: number
  succeeded: number
  failed: number
  report?: ReportSummary
  /** Objects changed or deleted after the listing (PreconditionFailed, NoSuchKey): replication carries them; not in `failed`. */
  changedOrGone?: number
  /** Retry jobs for transiently failed tasks, in order; their counts are in succeeded and failed. */
  retryJobIds?: string[]
  error?: string
}

/**
 * Turns seeding outcomes into plain results. Detached jobs carry the state DescribeJob gave right
 * after creation (`createdStates`).
 */
export function pairResults(outcomes: PairOutcome[], createdStates: Map<string, JobSnapshot>, interrupted = false): PairResult[] {
  return outcomes.map((outcome) => {
    const pair = { source: outcome.options.source, destination: outcome.options.destination }
    if ('error' in outcome) return { ...pair, state: 'Error', total: 0, succeeded: 0, failed: 0, error: outcome.error.message }
    const result = outcome.result
    switch (result.kind) {
      case 'empty':
        return { ...pair, state: 'Empty', total: 0, succeeded: 0, failed: 0 }
      case 'dry-run':
        return { ...pair, state: 'DryRun', total: result.objectCount, succeeded: 0, failed: 0 }
      case 'created': {
        const job = createdStates.get(result.jobId)
        return { ...pair, jobId: result.jobId, region: result.region, state: job?.status ?? 'New', total: result.objectCount, succeeded: job?.succeeded ?? 0, failed: job?.failed ?? 0 }
      }
      case 'finished': {
        const job = result.outcome.job
        const rounds = result.rounds ?? []
        return {
          ...pair,
          jobId: result.jobId,
          region: result.region,
          state: result.outcome.state === 'aborted' || rounds.at(-1)?.outcome.state === 'aborted' ? (interrupted ? 'Interrupted' : 'Timeout') : (job?.status ?? 'Unknown'),
          total: result.totals?.total ?? job?.total ?? result.objectCount,
          succeeded: result.totals?.succeeded ?? job?.succeeded ?? 0,
          failed: result.totals?.failed ?? job?.failed ?? 0,
          ...(result.totals?.changedOrGone ? { changedOrGone: result.totals.changedOrGone } : {}),
          ...(result.report ? { report: result.report } : {}),
          ...(rounds.length > 0 ? { retryJobIds: rounds.map((round) => round.jobId) } : {}),
        }
      }
    }
  })
}

const RANK = ['Error', 'Failed', 'Interrupted', 'Timeout', 'Cancelled', 'Failing', 'Cancelling']

/** The least successful state over all pairs: errors and failures first, Complete last. */
export function overallState(results: PairResult[]): string {
  const states = results.map((result) => result.state)
  for (const state of RANK) if (states.includes(state)) return state
  const unfinished = states.find((state) => !['Complete', 'Empty', 'DryRun'].includes(state))
  return unfinished ?? states.find((state) => state === 'Complete') ?? states[0] ?? 'Empty'
}

/** The step's outputs (strings, as the runner stores them). */
export function actionOutputs(results: PairResult[]): Record<string, string> {
  // Every job, retry rounds included, so a later step can follow or audit them all.
  const jobIds = results.flatMap((result) => (result.jobId ? [result.jobId, ...(result.retryJobIds ?? [])] : []))
  const sum = (key: 'total' | 'succeeded' | 'failed') => String(results.reduce((total, result) => total + result[key], 0))
  return {
    'job-id': jobIds[0] ?? '',
    'job-ids': JSON.stringify(jobIds),
    state: overallState(results),
    total: sum('total'),
    succeeded: sum('succeeded'),
    failed: sum('failed'),
    results: JSON.stringify(results),
  }
}

/** Why the step fails, or undefined when it succeeds. */
export function failureMessage(results: PairResult[], failOnTaskFailures: boolean, timeoutMinutes: number): string | undefined {
  const problems: string[] = []
  for (const result of results) {
    const pair = `${result.source} -> ${result.destination}`
    if (result.state === 'Error') problems.push(`${pair}: ${result.error}`)
    else if (result.state === 'Failed' || result.state === 'Cancelled') problems.push(`${pair}: job ${result.jobId} ended ${result.state}`)
    else if (result.state === 'Timeout') {
      problems.push(`${pair}: stopped waiting after ${timeoutMinutes} min (input timeout-minutes); job ${result.jobId} keeps running. Use mode: detached for long jobs.`)
    } else if (result.state === 'Interrupted') {
      problems.push(`${pair}: the workflow was cancelled; ${followOrCancel(result)}`)
    } else if (failOnTaskFailures && result.failed > 0) {
      problems.push(
        `${pair}: ${result.failed} of ${result.total} tasks failed (set fail-on-task-failures: false to allow). ` +
          `Run them again with: s3-seed retry ${result.jobId} --region ${result.region}`,
      )
    }
  }
  return problems.length === 0 ? undefined : problems.join('\n')
}

/** Every job of a pair that keeps running, with the commands to follow and to stop it. */
export function followOrCancel(result: PairResult): string {
  const region = result.region ?? 'REGION'
  return [result.jobId, ...(result.retryJobIds ?? [])]
    .map((jobId) => `job ${jobId} keeps running: follow it with s3-seed watch ${jobId} --region ${region}, stop it with s3-seed cancel ${jobId} --region ${region}`)
    .join('; ')
}

/** The log lines of one pair's result, shown in its collapsible group. */
export function resultLines(result: PairResult): string[] {
  const lines = [`State: ${result.state}, Total: ${result.total}, Success: ${result.succeeded}, Failed ${result.failed}`]
  if (result.jobId) lines.push(`Job: ${result.jobId} (${result.region})`)
  if (result.retryJobIds) lines.push(`Retry jobs for transiently failed tasks: ${result.retryJobIds.join(', ')}`)
  if (result.error) lines.push(`Error: ${result.error}`)
  for (const group of result.report?.failures ?? []) {
    lines.push(`${group.errorCode}${group.httpStatus ? ` (HTTP ${group.httpStatus})` : ''}: ${group.count} tasks, e.g. ${group.examples.join(', ')}`)
  }
  if (result.report) lines.push(`Completion report: ${result.report.location}`)
  return lines
}
