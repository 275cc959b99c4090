import { estimateCost } from '../../jobs/cost.js'
import { objectsToCopy } from '../../listing/objects-to-copy.js'
import type { SeedContext } from '../context.js'
import { emptyTally, routePage } from '../../manifest/diverted.js'
import type { Operation, SeedResult, Strategy } from '../types.js'

/**
 * The dry run: list what the planned strategy would copy (comparing with the destination when it
 * would), count what is skipped and diverted, and price it. Nothing is created.
 */
export async function dryRun(context: SeedContext, strategy: Extract<Strategy, { kind: 'dry-run' }>, operation: Operation): Promise<SeedResult> {
  const { plan, facts, clients, emit } = context
  const compare = strategy.then.kind === 'list-and-copy' && strategy.then.compare
  const tally = emptyTally()
  let skipped = 0
  const pages = objectsToCopy({
    sourceS3: clients.s3(facts.regions.source),
    source: plan.source,
    ...(plan.prefix ? { prefix: plan.prefix } : {}),
    ...(compare ? { onlyChangedIn: { s3: clients.s3(facts.regions.destination), bucket: plan.destination } } : {}),
    onSkipped: (count) => (skipped = count),
  })
  for await (const page of pages) {
    routePage(tally, page, context.maxJobObjectBytes)
    emit({ type: 'manifest-progress', listed: tally.objectCount })
  }
  const { objectCount, totalBytes, diverted } = tally
  return {
    kind: 'dry-run',
    plan,
    operation: operation.name,
    sourceRegion: facts.regions.source,
    destinationRegion: facts.regions.destination,
    objectCount,
    skipped,
    totalBytes,
    diverted,
    cost: estimateCost(1, objectCount),
    replicated: facts.replicatesToDestination,
    kms: context.kms,
  }
}
