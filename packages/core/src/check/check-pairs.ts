import { callerIdentity, type CallerIdentity } from '../aws/account.js'
import { InvalidInputError } from '../errors.js'
import type { SeedClients } from '../aws/clients.js'
import { planSeed, type SeedOptions } from '../plan.js'
import { defaultOf } from '../options/schema.js'
import { reviewPairSet } from '../pairs/pair-set.js'
import { eachLimited } from '../util/each-limited.js'
import { checkPair } from './check-pair.js'
import { isCertain, type PairCheck } from './pair-check.js'
import { PermissionCheck } from './permission-check.js'

export type { CheckArea, CheckNote, CheckProblem, PairCheck } from './pair-check.js'
export { isCertain } from './pair-check.js'

export interface CheckPairsOptions {
  clients: SeedClients
  /** Pairs checked at once. Default: the option schema's --concurrency. */
  concurrency?: number | undefined
  /** Also ask IAM's policy simulator about the caller's and the role's permissions. Default: true. */
  permissions?: boolean
  /** The flag or input that gave the pairs, named when they are refused (duplicates). Default: --pairs. */
  pairsFlag?: string
  /** Called as each pair's check ends, for progress. */
  onChecked?: (check: PairCheck, index: number) => void
}

export interface CheckResult {
  /** Every pair passed. */
  passed: boolean
  pairs: PairCheck[]
}

/**
 * `s3-seed check`: every pair checked, reading and changing nothing. Bad options refuse the whole
 * run first (InvalidInputError, as for seed); everything AWS says is a finding of its pair.
 */
export async function checkPairs(pairs: SeedOptions[], options: CheckPairsOptions): Promise<CheckResult> {
  pairs.forEach((pair) => planSeed(pair))
  reviewPairSet(pairs, options.pairsFlag ?? '--pairs')
  return checkPairsAs(await callerIdentity(options.clients.sts), pairs, options)
}

/** checkPairs for a caller already identified, with the pairs already planned and reviewed (seedMany's checks before seeding). */
export async function checkPairsAs(identity: CallerIdentity, pairs: SeedOptions[], options: CheckPairsOptions): Promise<CheckResult> {
  const permissions = options.permissions === false ? undefined : new PermissionCheck(options.clients.iam, identity.arn)
  const checks: PairCheck[] = new Array(pairs.length)
  await eachLimited(pairs, options.concurrency ?? defaultOf('concurrency'), async (pair, index) => {
    checks[index] = await checkPair(pair, { clients: options.clients, identity, permissions })
    options.onChecked?.(checks[index] as PairCheck, index)
  })
  return { passed: checks.every((check) => check.passed), pairs: checks }
}

/**
 * Refuses a seeding run whose check found a certain problem in any pair: before anything is created,
 * with every such problem listed (InvalidInputError: exit 2).
 */
export function refuseOnCertainProblems(result: CheckResult): void {
  const lines = result.pairs.flatMap((check) => check.problems.filter(isCertain).map((problem) => ({ check, problem })))
  if (lines.length === 0) return
  const input = lines[0]?.problem.input
  // One problem reads as the one line it always was (the error of a single pair's run).
  if (lines.length === 1) throw new InvalidInputError(`${lines[0]?.problem.message} (checked before anything was created; --no-check skips the checks)`, input)
  const text = lines.map(({ check, problem }) => `  ${check.source} -> ${check.destination}: ${problem.message}`).join('\n')
  throw new InvalidInputError(`The checks found ${lines.length} problems, so nothing was created (--no-check skips the checks):\n${text}`, input)
}
