import { InvalidInputError } from '../errors.js'
import type { SeedPlan } from '../plan.js'
import { crossAccountCheck } from './cross-account.js'
import { kmsKeys } from './kms-keys.js'
import type { JobKind } from '../iam/role-policy.js'
import type { Decision, Operation, SeedFacts, Strategy } from './types.js'

export interface DecideFlags {
  dryRun: boolean
}

/**
 * How to seed a pair, from the plan and the facts: pure, so every case is a row in decide.test.ts.
 * Throws InvalidInputError when the plan asks for what the facts rule out; nothing has been created
 * by then.
 */
export function decide(plan: SeedPlan, facts: SeedFacts, flags: DecideFlags): Decision {
  const warnings: string[] = []
  if (!facts.replicatesToDestination) {
    const message =
      `${plan.source} has no enabled replication rule to ${plan.destination}: objects written after the manifest is built ` +
      'will not be copied. Turn replication on first, then seed.'
    if (plan.requireReplication) throw new InvalidInputError(`${message} (refusing because of --require-replication)`, '--require-replication')
    warnings.push(message)
  } else if (plan.requireReplication && facts.destinationVersioned === false) {
    throw new InvalidInputError(
      `Destination ${plan.destination} does not have versioning enabled, which replication requires (UG replication). Enable versioning on it, or drop --require-replication.`,
      '--require-replication',
    )
  }
  const operation = chooseOperation(plan, facts)
  if (operation.name === 'replicate' && facts.destinationVersioned === false) {
    throw new InvalidInputError(
      `Batch Replication needs versioning on the destination, and ${plan.destination} does not have it enabled (UG replication-requirements); its replication rule cannot work either. ` +
        `Enable versioning on ${plan.destination} (aws s3api put-bucket-versioning --bucket ${plan.destination} --versioning-configuration Status=Enabled), or pass --operation copy.`,
      '--operation',
    )
  }
  const planned = plannedStrategy(plan, facts, operation)
  const crossAccount = crossAccountCheck(plan, facts, operation, jobKind(planned))
  warnings.push(...crossAccount.warnings)
  const destinationStatements = crossAccount.statements
  const kms = operation.name === 'copy' ? kmsKeys(plan, facts) : { keys: { decrypt: [], encrypt: [] }, warnings: [] }
  warnings.push(...kms.warnings)
  if (planned.kind === 'copy-with-s3-manifest' && planned.manifest === 'generated') {
    warnings.push('The generated manifest leaves out objects over 5 GB and in GLACIER/DEEP_ARCHIVE; they are not copied. Run s3-seed verify afterwards.')
  }
  if (flags.dryRun) {
    return { operation, strategy: { kind: 'dry-run', then: planned, reason: '--dry-run: count and price, change nothing' }, kms: kms.keys, warnings, destinationStatements }
  }
  // A job for this pair still running (a detached run, or one interrupted while polling): follow it
  // rather than start a second job that would copy the same objects again.
  if (facts.runningJob !== undefined) {
    return { operation, strategy: { kind: 'follow', job: facts.runningJob, reason: `job ${facts.runningJob.jobId} for this pair is still running` }, kms: kms.keys, warnings, destinationStatements }
  }
  return { operation, strategy: planned, kms: kms.keys, warnings, destinationStatements }
}

function plannedStrategy(plan: SeedPlan, facts: SeedFacts, operation: Operation): Exclude<Strategy, { kind: 'dry-run' | 'follow' }> {
  if (operation.name === 'replicate') return { kind: 'batch-replication', reason: operation.reason ?? 'Batch Replication' }
  // With replication on, a copy must not land over a newer replica: objects written after the listing
  // are left to replication (the copy's UnModifiedSinceConstraint; docs/decisions.md).
  const guard = facts.replicatesToDestination
  if (plan.manifestSource.kind === 'generated') return { kind: 'copy-with-s3-manifest', manifest: 'generated', guard, reason: 'asked for with --manifest generated: S3 lists the source' }
  if (plan.manifestSource.kind === 'inventory') return { kind: 'copy-with-s3-manifest', manifest: 'inventory', guard, reason: 'asked for with --manifest s3://…/manifest.json: an S3 Inventory report lists the source' }
  if (facts.sourceHasObjects === false) return { kind: 'nothing-to-do', reason: `${plan.source}${plan.prefix ? `/${plan.prefix}` : ''} has no objects` }
  // Comparing with the destination lists both buckets; an empty destination (the first seeding) needs
  // no comparison, so it gets the fast parallel listing.
  if (plan.copyAll) return { kind: 'list-and-copy', compare: false, guard, reason: '--all: copy every object' }
  if (facts.destinationHasObjects === true) return { kind: 'list-and-copy', compare: true, guard, reason: `${plan.destination} already holds objects: copy only what is missing or different` }
  return { kind: 'list-and-copy', compare: false, guard, reason: `${plan.destination} is empty: copy every object` }
}

/**
 * Copy, or Batch Replication. Auto mode replicates whenever an enabled rule covers the whole pair:
 * Batch Replication is AWS's documented way to replicate existing objects (UG
 * s3-batch-replication-batch), and its replicas keep the source's version IDs and dates (UG
 * replication), so a late one never lands over a newer write. A copy checks its conditions when it
 * reads and lands later (API CopyObject), so under live writes it can land over a newer replica and
 * has to be checked and repaired afterwards (seed/converge.ts). Copy stays the choice for pairs no
 * rule covers whole: there Batch Replication would replicate only what the rules select.
 */
function chooseOperation(plan: SeedPlan, facts: SeedFacts): Operation {
  if (plan.operation === 'copy') return { name: 'copy' }
  if (plan.operation === 'replicate') {
    if (!facts.replicatesToDestination) {
      throw new InvalidInputError(
        `--operation replicate needs an enabled replication rule from ${plan.source} to ${plan.destination}: Batch Replication replicates by the source's rules. Add the rule, or use --operation copy.`,
        '--operation',
      )
    }
    return { name: 'replicate', reason: 'asked for with --operation replicate' }
  }
  if (!facts.replicatesToDestination) return { name: 'copy' }
  if (facts.replicatesBack === true) {
    return {
      name: 'replicate',
      reason: `${plan.source} and ${plan.destination} replicate to each other, so a copy would replicate back as a new version; Batch Replication keeps version IDs and does not`,
    }
  }
  if (facts.replicationCoversPair) {
    return {
      name: 'replicate',
      reason: `a replication rule of ${plan.source} covers ${plan.prefix ? `${plan.prefix} and everything under it` : 'every key'}: Batch Replication's replicas keep their version IDs and dates, so none can land over a newer write, as a copy can (--operation copy to copy anyway)`,
    }
  }
  if ((facts.earlierVersions ?? 0) > 0) {
    return {
      name: 'replicate',
      reason: `${plan.source} keeps earlier versions (${facts.earlierVersions} in its first 1,000 versions); a copy job copies only current versions, Batch Replication replicates every version with its ID (--operation copy to copy anyway)`,
    }
  }
  return { name: 'copy' }
}

/** The role policy a strategy's job needs. */
function jobKind(strategy: Exclude<Strategy, { kind: 'dry-run' | 'follow' }>): JobKind {
  if (strategy.kind === 'batch-replication') return 'replicate'
  return strategy.kind === 'copy-with-s3-manifest' ? strategy.manifest : 'list'
}
