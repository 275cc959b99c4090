import { defaultOf } from './options/schema.js'
import { planSeed, type SeedOptions, type SeedPlan } from './plan.js'
import { seedContext } from './seed/context.js'
import { decide } from './seed/decide.js'
import { noneDiverted } from './manifest/diverted.js'
import { gatherFacts } from './seed/facts.js'
import { followWithRetries } from './seed/follow-with-retries.js'
import { followJob } from './seed/steps.js'
import { batchReplication } from './seed/strategies/batch-replication.js'
import { dryRun } from './seed/strategies/dry-run.js'
import { listAndCopy } from './seed/strategies/list-and-copy.js'
import { copyWithS3Manifest } from './seed/strategies/s3-manifest-copy.js'
import type { SeedFacts, SeedResult, SeedRunOptions } from './seed/types.js'

export type { Diverted, SeedResult, SeedRunOptions } from './seed/types.js'

/**
 * Seeds one bucket pair, read top to bottom: options → plan (pure, checked) → facts (AWS reads only)
 * → decide (pure: a strategy and its reason) → run that strategy (role → manifest → job → follow).
 * Everything that can be wrong with the input is found before anything is created.
 */
export async function seed(options: SeedOptions, run: SeedRunOptions): Promise<SeedResult> {
  const planned = planSeed(options)
  const planOnly = run.dryRun ?? defaultOf('dryRun')
  const facts = await gatherFacts(planned, run.clients, { accountId: run.accountId, partition: run.partition, dryRun: planOnly })
  const plan = withFacts(planned, facts)
  const { operation, strategy, kms, warnings, destinationStatements } = decide(plan, facts, { dryRun: planOnly })
  const context = seedContext(plan, facts, kms, run, destinationStatements)
  for (const message of warnings) context.emit({ type: 'warning', message })
  if (operation.reason) context.emit({ type: 'operation-chosen', operation: operation.name, reason: operation.reason })
  switch (strategy.kind) {
    case 'dry-run':
      return await dryRun(context, strategy, operation)
    case 'follow':
      context.emit({ type: 'job-found', jobId: strategy.job.jobId, region: strategy.job.region })
      // Retry rounds rerun copy tasks; a Batch Replication job is followed as it is.
      return await (operation.name === 'copy' ? followWithRetries : followJob)(context, {
        jobId: strategy.job.jobId,
        region: strategy.job.region,
        objectCount: strategy.job.total ?? 0,
        skipped: 0,
        manifest: '',
        diverted: noneDiverted(),
      })
    case 'nothing-to-do':
      return { kind: 'empty', plan, skipped: 0, diverted: noneDiverted() }
    case 'batch-replication':
      return await batchReplication(context)
    case 'copy-with-s3-manifest':
      return await copyWithS3Manifest(context, strategy)
    case 'list-and-copy':
      return await listAndCopy(context, strategy)
  }
}

/**
 * The plan with what only the facts can settle. The copies are written with the key itself, never an
 * alias of it (what the role is granted). Copies into another account's bucket that still uses ACLs
 * get bucket-owner-full-control: its owner then owns them under BucketOwnerPreferred, and has full
 * control of them under ObjectWriter (UG about-object-ownership). With BucketOwnerEnforced no ACL is
 * sent; the owner owns every object anyway.
 */
function withFacts(plan: SeedPlan, facts: SeedFacts): SeedPlan {
  const kmsKeyId = facts.kmsKeyArn ?? plan.copy.kmsKeyId
  const cannedAcl = plan.copy.cannedAcl ?? (facts.destinationOwnerEnforced === false ? 'bucket-owner-full-control' : undefined)
  return { ...plan, copy: { ...plan.copy, kmsKeyId, cannedAcl } }
}
