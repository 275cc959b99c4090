import type { SeedEvent } from './events.js'
import { planSeed, type SeedOptions } from './plan.js'
import { seed, type SeedResult, type SeedRunOptions } from './seed.js'
import { callerIdentity } from './aws/account.js'
import { InterruptedError } from './errors.js'
import { eachLimited } from './util/each-limited.js'
import { reviewPairSet } from './pairs/pair-set.js'
import { checkPairsAs, refuseOnCertainProblems } from './check/check-pairs.js'
import { defaultOf } from './options/schema.js'

/** A job a pair created, by ID and Region: kept even when something fails afterwards. */
export interface CreatedJob {
  jobId: string
  region: string
}

/**
 * A pair's end: its result, or the error that ended it. An error after CreateJob (credentials that
 * expired while following, an outage) keeps the jobs created before it in `jobs`: they run on, and the
 * adapters print them with the commands that follow and stop them.
 */
export type PairOutcome = { options: SeedOptions; result: SeedResult } | { options: SeedOptions; error: Error; jobs?: CreatedJob[] }

export interface SeedManyOptions extends Omit<SeedRunOptions, 'onEvent'> {
  /** The flag or input that gave the pairs, named when they are refused (duplicates). Default: --pairs. */
  pairsFlag?: string
  /** Pairs seeded at once. Default: the option schema's --concurrency (4). */
  concurrency?: number
  /** Check every pair before seeding any, and refuse on a certain problem (check/). Default: the option schema's --check (true). */
  check?: boolean
  onEvent?: (index: number, event: SeedEvent) => void
}

/**
 * Seeds many pairs with bounded concurrency. Every pair's options are checked first, so one bad
 * pair stops the run before anything is created; AWS errors after that belong to their pair alone.
 */
export async function seedMany(pairs: SeedOptions[], options: SeedManyOptions): Promise<PairOutcome[]> {
  pairs.forEach((pair) => planSeed(pair))
  const review = reviewPairSet(pairs, options.pairsFlag ?? '--pairs')
  for (const warning of review.warnings) options.onEvent?.(warning.index, { type: 'warning', message: warning.message })
  const check = options.check ?? defaultOf('check')
  const identity = !check && options.accountId !== undefined && options.partition !== undefined ? { accountId: options.accountId, partition: options.partition } : await callerIdentity(options.clients.sts)
  if (check && 'arn' in identity) {
    // A dry run includes the permission simulation; its findings are reported, never refused on.
    const result = await checkPairsAs(identity, pairs, { clients: options.clients, concurrency: options.concurrency, permissions: options.dryRun === true })
    refuseOnCertainProblems(result)
    result.pairs.forEach((pair, index) => {
      const found = [...pair.problems.map((problem) => problem.message), ...pair.notes.filter((note) => note.kind === 'not-checked').map((note) => note.message)]
      for (const message of found) options.onEvent?.(index, { type: 'warning', message: `check: ${message}` })
    })
  }
  const outcomes: PairOutcome[] = new Array(pairs.length)
  await eachLimited(pairs, options.concurrency ?? defaultOf('concurrency'), async (pair, index) => {
    if (options.signal?.aborted) {
      // Interrupted: start nothing more; the pairs already running stop following their jobs.
      outcomes[index] = { options: pair, error: new InterruptedError('Not started: the run was interrupted.') }
      return
    }
    const jobs: CreatedJob[] = []
    const onEvent = (event: SeedEvent) => {
      if (event.type === 'job-created' || event.type === 'job-found' || event.type === 'retry-round') jobs.push({ jobId: event.jobId, region: event.region })
      options.onEvent?.(index, event)
    }
    try {
      const result = await seed(pair, { ...options, ...identity, onEvent })
      outcomes[index] = { options: pair, result }
    } catch (error) {
      outcomes[index] = { options: pair, error: error instanceof Error ? error : new Error(String(error)), ...(jobs.length > 0 ? { jobs } : {}) }
    }
  })
  return outcomes
}
