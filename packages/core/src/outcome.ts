import { InvalidInputError } from './errors.js'
import type { JobSnapshot } from './jobs/job-snapshot.js'
import type { ReportSummary } from './jobs/completion-report.js'
import type { PairOutcome } from './seed-many.js'
import type { Convergence } from './seed/convergence.js'

/**
 * How a pair, or a whole run, ended. The CLI maps it to an exit code and the Action to the step's
 * result, so the two never disagree about what failed.
 * - `ok`: nothing to report (done, created detached, nothing to copy, dry run);
 * - `tasks-failed`: the job completed, but some of its tasks (after any retry rounds) failed, or keys
 *   written during a copy under live replication did not converge (or could not be checked);
 * - `job-failed`: the job ended Failed or Cancelled;
 * - `stopped`: s3-seed stopped following the job (interrupted, timed out); the job runs on;
 * - `invalid-input`: the pair's options were wrong; nothing was created for it;
 * - `aws-error`: an AWS call failed.
 */
export type ExitClass = 'ok' | 'tasks-failed' | 'job-failed' | 'stopped' | 'invalid-input' | 'aws-error'

/** Worst last: the run's class is the worst of its pairs'. */
const EXIT_ORDER: readonly ExitClass[] = ['ok', 'tasks-failed', 'job-failed', 'stopped', 'invalid-input', 'aws-error']

/** A command that follows up on a job: check on it, wait for it, stop it, or run its failed tasks again. */
export interface FollowUp {
  command: 'status' | 'watch' | 'cancel' | 'retry'
  jobIds: string[]
  region: string
}

/** One pair's result as every adapter shows it. */
export interface PairSummary {
  source: string
  destination: string
  /** The first job s3-seed created (or found running) for the pair. */
  jobId?: string
  region?: string
  /** The job and its retry jobs, in order. */
  jobIds: string[]
  /**
   * The job's S3 status, or: Empty (nothing to copy), DryRun, Timeout or Interrupted (s3-seed
   * stopped waiting; the job runs on), Error (no job), Unknown (the job was never described).
   */
  state: string
  total: number
  succeeded: number
  /** Tasks still failed after every retry round, objects changed or gone since the listing aside. */
  failed: number
  /** Objects changed or deleted after the listing (PreconditionFailed, NoSuchKey): replication carries them. */
  changedOrGone: number
  report?: ReportSummary
  /** A copy under a live replication rule: the keys written meanwhile, checked and repaired after the job. */
  convergence?: Convergence
  /** A destination in another account: the statements its owner must add for the job's role. */
  destinationStatements?: string[]
  error?: Error
  exit: ExitClass
  /** What to run next: check on a detached job, follow or stop one left running, retry failed tasks. */
  followUps: FollowUp[]
}

export interface RunSummary {
  pairs: PairSummary[]
  /** The least successful state over all pairs: errors and failures first, Complete last. */
  state: string
  total: number
  succeeded: number
  failed: number
  /** Every job of the run, retry jobs included, so a later step can follow or audit them all. */
  jobIds: string[]
  exit: ExitClass
}

export interface SummarizeOptions {
  /** The run was interrupted (Ctrl-C, a cancelled workflow), rather than timed out. */
  interrupted?: boolean
  /** Detached jobs as DescribeJob saw them right after creation; without one a created job is `New`. */
  createdJobs?: ReadonlyMap<string, JobSnapshot>
}

/** Sums and classifies the outcomes of a seeding run. Pure: adapters render what it returns. */
export function summarizeOutcome(outcomes: readonly PairOutcome[], options: SummarizeOptions = {}): RunSummary {
  const pairs = outcomes.map((outcome) => summarizePair(outcome, options))
  const sum = (key: 'total' | 'succeeded' | 'failed') => pairs.reduce((total, pair) => total + pair[key], 0)
  return {
    pairs,
    state: overallState(pairs.map((pair) => pair.state)),
    total: sum('total'),
    succeeded: sum('succeeded'),
    failed: sum('failed'),
    jobIds: pairs.flatMap((pair) => pair.jobIds),
    exit: worstExit(pairs.map((pair) => pair.exit)),
  }
}

function summarizePair(outcome: PairOutcome, options: SummarizeOptions): PairSummary {
  const base = { source: outcome.options.source, destination: outcome.options.destination, jobIds: [], total: 0, succeeded: 0, failed: 0, changedOrGone: 0, followUps: [] }
  if ('error' in outcome) {
    const exit = outcome.error instanceof InvalidInputError ? 'invalid-input' : 'aws-error'
    const jobs = outcome.jobs ?? []
    if (jobs.length === 0) return { ...base, state: 'Error', error: outcome.error, exit }
    // Jobs created before the error run on: keep them, with the commands that follow and stop them.
    const [first] = jobs as [{ jobId: string; region: string }]
    return {
      ...base,
      jobId: first.jobId,
      region: first.region,
      jobIds: jobs.map((job) => job.jobId),
      state: 'Error',
      error: outcome.error,
      exit,
      followUps: jobs.flatMap((job) => [{ command: 'watch', jobIds: [job.jobId], region: job.region }, { command: 'cancel', jobIds: [job.jobId], region: job.region }] as const),
    }
  }
  const result = outcome.result
  switch (result.kind) {
    case 'empty':
      return { ...base, state: 'Empty', exit: 'ok' }
    case 'dry-run':
      return { ...base, state: 'DryRun', total: result.objectCount, exit: 'ok' }
    case 'created': {
      const job = options.createdJobs?.get(result.jobId)
      const { jobId, region } = result
      return {
        ...base,
        jobId,
        region,
        jobIds: [jobId],
        state: job?.status ?? 'New',
        total: result.objectCount,
        succeeded: job?.succeeded ?? 0,
        failed: job?.failed ?? 0,
        exit: 'ok',
        followUps: [{ command: 'status', jobIds: [jobId], region }],
      }
    }
    case 'finished': {
      const { jobId, region, outcome: polled } = result
      const job = polled.job
      const rounds = result.rounds ?? []
      const jobIds = [jobId, ...rounds.map((round) => round.jobId)]
      const stopped = polled.state === 'aborted' || rounds.at(-1)?.outcome.state === 'aborted'
      const failed = result.totals?.failed ?? job?.failed ?? 0
      const { convergence } = result
      const converged = convergence === undefined || (convergence.error === undefined && convergence.unconverged.length === 0)
      const exit: ExitClass = stopped ? 'stopped' : polled.state !== 'complete' ? 'job-failed' : failed > 0 || !converged ? 'tasks-failed' : 'ok'
      return {
        ...base,
        jobId,
        region,
        jobIds,
        state: stopped ? (options.interrupted ? 'Interrupted' : 'Timeout') : (job?.status ?? 'Unknown'),
        total: result.totals?.total ?? job?.total ?? result.objectCount,
        succeeded: result.totals?.succeeded ?? job?.succeeded ?? 0,
        failed,
        changedOrGone: result.totals?.changedOrGone ?? 0,
        ...(result.report ? { report: result.report } : {}),
        ...(convergence ? { convergence } : {}),
        ...(result.destinationStatements ? { destinationStatements: result.destinationStatements } : {}),
        exit,
        followUps: stopped
          ? jobIds.flatMap((id) => [{ command: 'watch', jobIds: [id], region }, { command: 'cancel', jobIds: [id], region }] as const)
          : // Keys that did not converge are no failed tasks: a retry job would have nothing to run.
            exit === 'job-failed' || failed > 0 ? [{ command: 'retry', jobIds: [jobId], region }] : [],
      }
    }
  }
}

const STATE_ORDER = ['Error', 'Failed', 'Interrupted', 'Timeout', 'Cancelled', 'Failing', 'Cancelling']

/** The least successful state: errors and failures first, then unfinished jobs, Complete last. */
function overallState(states: string[]): string {
  for (const state of STATE_ORDER) if (states.includes(state)) return state
  const unfinished = states.find((state) => !['Complete', 'Empty', 'DryRun'].includes(state))
  return unfinished ?? states.find((state) => state === 'Complete') ?? states[0] ?? 'Empty'
}

function worstExit(classes: ExitClass[]): ExitClass {
  return classes.reduce<ExitClass>((worst, next) => (EXIT_ORDER.indexOf(next) > EXIT_ORDER.indexOf(worst) ? next : worst), 'ok')
}

/** The command line of a follow-up, e.g. `s3-seed watch JOB --region us-east-1`. */
export function followUpCommand(followUp: FollowUp): string {
  return ['s3-seed', followUp.command, ...followUp.jobIds, '--region', followUp.region].join(' ')
}

/** The jobs of a pair s3-seed stopped following, each with the commands that follow and stop it. */
export function keptRunning(pair: PairSummary): Array<[jobId: string, watch: string, cancel: string]> {
  return pair.followUps.flatMap((watch) => {
    const jobId = watch.jobIds[0]
    const cancel = pair.followUps.find((followUp) => followUp.command === 'cancel' && followUp.jobIds[0] === jobId)
    return watch.command === 'watch' && jobId !== undefined && cancel ? [[jobId, followUpCommand(watch), followUpCommand(cancel)]] : []
  })
}
