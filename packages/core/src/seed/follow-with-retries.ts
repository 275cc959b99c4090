import { retryFailedTasks } from '../jobs/retry-failed-tasks.js'
import { isChangedOrGone, isTransientTaskFailure } from '../jobs/task-failure.js'
import { createJobOptions, type SeedContext } from './context.js'
import { noneDiverted } from '../manifest/diverted.js'
import { followJob, type StartedJob } from './steps.js'
import type { RetryRound, SeedResult, TaskTotals } from './types.js'

/**
 * Attached: follow the job, then run its transiently failed tasks (SlowDown, InternalError, ...)
 * again as retry jobs, up to `retryRounds` rounds, each from the previous job's completion report.
 * Permanent failures are left for the summary. The result accounts for every round.
 */
export async function followWithRetries(context: SeedContext, job: StartedJob): Promise<SeedResult> {
  const first = await followJob(context, job)
  if (first.kind !== 'finished') return first
  if (first.outcome.state === 'aborted') return first
  const rounds: RetryRound[] = []
  let last = first
  for (let round = 1; round <= context.retryRounds; round++) {
    const transient = last.report?.failures.filter(isTransientTaskFailure).reduce((sum, group) => sum + group.count, 0) ?? 0
    if (last.outcome.state !== 'complete' || transient === 0) break
    const retry = await retryFailedTasks({
      clients: context.clients,
      accountId: context.facts.accountId,
      jobId: last.jobId,
      region: last.region,
      only: isTransientTaskFailure,
      createJob: createJobOptions(context),
    })
    if (retry.kind === 'nothing-failed') break
    context.emit({ type: 'retry-round', round, rounds: context.retryRounds, jobId: retry.jobId, region: retry.region, objectCount: retry.objectCount, retriedJobId: last.jobId })
    const followed = await followJob(context, { jobId: retry.jobId, region: retry.region, objectCount: retry.objectCount, skipped: 0, manifest: retry.manifest, diverted: noneDiverted() })
    if (followed.kind !== 'finished') break
    rounds.push({ round, jobId: followed.jobId, region: followed.region, objectCount: followed.objectCount, manifest: followed.manifest, outcome: followed.outcome, ...(followed.report ? { report: followed.report } : {}) })
    last = followed
  }
  return { ...first, rounds, totals: taskTotals(first, rounds) }
}

/** Tasks over every round: each round retries a subset of the failures before it. */
function taskTotals(first: Extract<SeedResult, { kind: 'finished' }>, rounds: RetryRound[]): TaskTotals {
  const firstJob = first.outcome.job
  const retriedSucceeded = rounds.reduce((sum, round) => sum + (round.outcome.job?.succeeded ?? 0), 0)
  // Retry rounds rerun transient failures only, so every changed-or-gone task is in one report (the
  // first job's, or a round's when a retried object changed meanwhile).
  const changedOrGone = [first.report, ...rounds.map((round) => round.report)].reduce(
    (sum, report) => sum + (report?.failures.filter(isChangedOrGone).reduce((count, group) => count + group.count, 0) ?? 0),
    0,
  )
  // Each round's successes and changed-or-gone tasks were failures of the job before: what is left
  // is the first job's failures less both.
  const failedTasks = (firstJob?.failed ?? 0) - retriedSucceeded - changedOrGone
  return {
    total: firstJob?.total ?? first.objectCount,
    succeeded: (firstJob?.succeeded ?? 0) + retriedSucceeded,
    failed: Math.max(0, failedTasks),
    changedOrGone,
    jobIds: [first.jobId, ...rounds.map((round) => round.jobId)],
  }
}
