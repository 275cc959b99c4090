import type { S3Client } from '@aws-sdk/client-s3'
import { replicationRulesTo } from '../buckets/bucket-settings.js'
import { replicatesDeleteMarker } from '../buckets/replication-filter.js'
import { eachLimited } from '../util/each-limited.js'
import type { SeedContext } from './context.js'
import { destinationCurrent, destinationHolds, removeVersion, replicationStatus, writtenSince, type Written } from './converge-io.js'
import type { Convergence, ConvergenceProblem, SeedResult } from './types.js'

/** HEAD and DELETE requests in flight while settling, checking and repairing. */
const CONCURRENCY = 16
/** Late copies of one key removed at most (a retry round can have landed a second one). */
const MAX_REMOVALS = 4

/**
 * Ends an attached copy under a live replication rule (`since` is the copy guard's time) with
 * converge(). A detached run cannot: it is told how to check later. A job that did not complete is
 * left as it is. Should the check itself fail, the job's result is kept and the error told.
 */
export async function convergeAfter(context: SeedContext, result: SeedResult, since: Date | undefined): Promise<SeedResult> {
  if (since === undefined) return result
  if (result.kind === 'created') {
    const { plan } = context
    context.emit({
      type: 'warning',
      message: `Detached: s3-seed cannot check the keys written to ${plan.source} while the copy runs. Once the job is done, run s3-seed verify ${plan.source} ${plan.destination} --checksum.`,
    })
  }
  if (result.kind !== 'finished' || result.outcome.state !== 'complete') return result
  try {
    return { ...result, convergence: await converge(context, since) }
  } catch (error) {
    const convergence: Convergence = { written: 0, settledMs: 0, repaired: { stale: 0, resurrected: 0, keys: [] }, unconverged: [], error: (error as Error).message, nextCommands: [verifyCommand(context)] }
    context.emit({ type: 'convergence-done', convergence })
    return { ...result, convergence }
  }
}

/**
 * After a copy job under a live replication rule: make the destination what replication alone would
 * have made of every key written since the listing, or say where it is not.
 *
 * A copy checks its conditions when it reads the source and lands later (API CopyObject), with a new
 * version ID and a newer date than any replica (UG replication: replicas keep the source's version ID
 * and date). So a key overwritten or deleted after the listing can end with s3-seed's older copy
 * current, over the newer replica (stale) or over the replicated delete marker (resurrected). Only
 * keys written since the listing can be hurt, and once the job has ended no copy lands any more.
 *
 * 1. Settle: wait (at most --settle-timeout) until each such key's current source version has left
 *    PENDING (UG replication-status), and each replicated delete marker is in the destination.
 * 2. Check: the destination's current version must be the source's current one (same version ID), or
 *    absent where the source's current is a replicated delete marker.
 * 3. Repair: where a late copy of this seeding is on top, remove that version by its ID. Deleting a
 *    specific version never replicates and leaves no delete marker (UG DeletingObjectVersions), so
 *    the replica or marker below becomes current, whichever way S3 orders versions. A version is this
 *    seeding's when it is no replica and was written after the listing started.
 * Then check again. Keys whose replication failed or is still pending cannot be repaired by s3-seed.
 */
export async function converge(context: SeedContext, since: Date): Promise<Convergence> {
  const { plan, facts, clients, emit } = context
  const sourceS3 = clients.s3(facts.regions.source)
  const destinationS3 = clients.s3(facts.regions.destination)
  const rules = await replicationRulesTo(sourceS3, plan.source, plan.destination)
  // A delete marker that no rule replicates is meant to stay in the source alone.
  const written = (await writtenSince(sourceS3, plan.source, plan.prefix, since)).filter(
    (entry) => !entry.deleteMarker || rules.some((rule) => replicatesDeleteMarker(rule, entry.key)),
  )
  emit({ type: 'convergence-started', written: written.length, since: since.toISOString() })

  const started = context.now()
  const statuses = await settle(context, written, { sourceS3, destinationS3 })
  const settledMs = context.now() - started

  const result: Convergence = { written: written.length, settledMs, repaired: { stale: 0, resurrected: 0, keys: [] }, unconverged: [], nextCommands: [] }
  await eachLimited(written, CONCURRENCY, async (entry) => {
    const status = statuses.get(entry)
    // No status: no rule replicates this version, so replication was never going to carry it.
    if (!entry.deleteMarker && status === undefined) return
    const problem = await checkAndRepair(destinationS3, plan.destination, entry, status, since)
    if (problem === 'repaired') {
      result.repaired[entry.deleteMarker ? 'resurrected' : 'stale']++
      result.repaired.keys.push(entry.key)
    } else if (problem !== undefined) {
      result.unconverged.push(problem)
    }
  })
  result.unconverged.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  result.repaired.keys.sort()
  // Batch Replication replicates FAILED objects again (its generated manifest selects them).
  if (result.unconverged.some((entry) => entry.problem === 'replication-failed')) result.nextCommands.push(`s3-seed seed ${pairArguments(context)} --operation replicate`)
  if (result.unconverged.length > 0) result.nextCommands.push(verifyCommand(context))
  emit({ type: 'convergence-done', convergence: result })
  return result
}

/**
 * Waits until replication has settled for every written key, or the settle timeout is over. Returns
 * each object version's last replication status; delete markers map to 'ARRIVED' or 'PENDING'.
 */
async function settle(context: SeedContext, written: Written[], s3: { sourceS3: S3Client; destinationS3: S3Client }): Promise<Map<Written, string | undefined>> {
  const { plan } = context
  const statuses = new Map<Written, string | undefined>()
  let waiting = written
  const deadline = context.now() + context.settleTimeoutMs
  for (;;) {
    const still: Written[] = []
    await eachLimited(waiting, CONCURRENCY, async (entry) => {
      const status = entry.deleteMarker
        ? (await destinationHolds(s3.destinationS3, plan.destination, entry)) ? 'ARRIVED' : 'PENDING'
        : await replicationStatus(s3.sourceS3, plan.source, entry)
      statuses.set(entry, status)
      if (status === 'PENDING') still.push(entry)
    })
    waiting = still
    const remaining = deadline - context.now()
    context.emit({ type: 'convergence-settling', settled: written.length - waiting.length, written: written.length })
    if (waiting.length === 0 || remaining <= 0) return statuses
    await context.sleep(Math.min(remaining, context.pollIntervalMs), context.signal)
  }
}

/** Checks one key, removing late copies of this seeding on top of it; undefined when it is right. */
async function checkAndRepair(s3: S3Client, bucket: string, entry: Written, status: string | undefined, since: Date): Promise<ConvergenceProblem | 'repaired' | undefined> {
  const kind = entry.deleteMarker ? 'resurrected' : 'stale'
  for (let removed = 0; ; removed++) {
    const current = await destinationCurrent(s3, bucket, entry.key)
    const right = entry.deleteMarker ? current === undefined : current?.versionId === entry.versionId
    if (right) return removed > 0 ? 'repaired' : undefined
    if (status === 'PENDING') return { key: entry.key, problem: 'replication-pending', detail: `its ${entry.deleteMarker ? 'delete marker' : `version ${entry.versionId}`} had not replicated when --settle-timeout ran out` }
    if (status === 'FAILED') return { key: entry.key, problem: 'replication-failed', detail: `replication of version ${entry.versionId} FAILED (x-amz-replication-status)` }
    const ours = current !== undefined && !current.replica && current.lastModified >= since
    if (!ours || removed >= MAX_REMOVALS) {
      return {
        key: entry.key,
        problem: kind,
        detail: current === undefined
          ? 'the destination has no current version although replication completed'
          : `the destination's current version ${current.versionId} is ${current.replica ? 'a replica' : 'not a copy made by this seeding'}`,
      }
    }
    try {
      await removeVersion(s3, bucket, entry.key, current.versionId)
    } catch (error) {
      // Say so for this key and go on: the job and every other key's result are kept.
      return { key: entry.key, problem: kind, detail: (error as Error).message }
    }
  }
}

const pairArguments = ({ plan }: SeedContext) => `${plan.source} ${plan.destination}${plan.prefix ? ` --prefix ${JSON.stringify(plan.prefix)}` : ''}`
const verifyCommand = (context: SeedContext) => `s3-seed verify ${pairArguments(context)} --checksum`
