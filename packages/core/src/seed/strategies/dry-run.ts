import { estimateCost } from '../../jobs/cost.js'
import { objectsToCopy } from '../../listing/objects-to-copy.js'
import { routeObject } from '../../manifest/build-manifest.js'
import type { SeedContext } from '../context.js'
import { addLarge, countArchived, noneDiverted } from '../../manifest/diverted.js'
import type { Operation, SeedResult, Strategy } from '../types.js'

/**
 * The dry run: list what the planned strategy would copy (comparing with the destination when it
 * would), count what is skipped and diverted, and price it. Nothing is created.
 */
export async function dryRun(context: SeedContext, strategy: Extract<Strategy, { kind: 'dry-run' }>, operation: Operation): Promise<SeedResult> {
  const { plan, facts, clients, emit } = context
  const compare = strategy.then.kind === 'list-and-copy' && strategy.then.compare
  let objectCount = 0
  let totalBytes = 0
  let skipped = 0
  const diverted = noneDiverted()
  const pages = objectsToCopy({
    sourceS3: clients.s3(facts.regions.source),
    source: plan.source,
    ...(plan.prefix ? { prefix: plan.prefix } : {}),
    ...(compare ? { onlyChangedIn: { s3: clients.s3(facts.regions.destination), bucket: plan.destination } } : {}),
    onSkipped: (count) => (skipped = count),
  })
  for await (const page of pages) {
    for (const object of page) {
      const route = routeObject(object, context.maxJobObjectBytes)
      if (route === 'archived') countArchived(diverted, object.key)
      else if (route === 'large') addLarge(diverted, object)
      else {
        objectCount++
        totalBytes += object.size
      }
    }
    emit({ type: 'manifest-progress', listed: objectCount })
  }
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
