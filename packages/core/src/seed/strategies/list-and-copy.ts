import { buildCreateJobInput } from '../../jobs/job-input.js'
import { copyLargeObject } from '../../manifest/large-copy.js'
import { s3Uri } from '../../layout.js'
import { buildManifest } from '../../manifest/build-manifest.js'
import { requestRestore } from '../../manifest/restore-archived.js'
import type { SeedContext } from '../context.js'
import { archivedWarning } from '../../manifest/diverted.js'
import { guardTime, waitPastGuardSecond } from '../guard-time.js'
import { convergeAfter } from '../converge.js'
import { followWithRetries } from '../follow-with-retries.js'
import { abortStaleUploads } from '../stale-uploads.js'
import { jobRole, launchJob } from '../steps.js'
import type { SeedResult, Strategy } from '../types.js'

/**
 * s3-seed lists the source (and, with `compare`, the destination) into a CSV manifest, copies what a
 * job cannot (over 5 GB) itself, leaves archived objects out, and creates a copy job in the
 * destination's Region.
 */
export async function listAndCopy(context: SeedContext, strategy: Extract<Strategy, { kind: 'list-and-copy' }>): Promise<SeedResult> {
  const { plan, facts, clients, emit } = context
  const roleArn = await jobRole(context, 'list')
  const sourceS3 = clients.s3(facts.regions.source)
  const destinationS3 = clients.s3(facts.regions.destination)
  const restoreDays = context.restoreArchivedDays
  const manifestS3 = clients.s3(facts.regions.manifest)
  const stale = await abortStaleUploads(manifestS3, plan.manifest.bucket, plan.manifest.key)
  if (stale > 0) emit({ type: 'warning', message: `Aborted ${stale} unfinished upload(s) of the manifest that an interrupted run left behind.` })
  const unmodifiedSince = strategy.guard ? guardTime(context.now()) : undefined
  emit({ type: 'manifest-started', source: plan.source })
  const manifest = await buildManifest({
    sourceS3,
    manifestS3,
    signal: context.signal,
    source: plan.source,
    prefix: plan.prefix,
    manifest: { bucket: plan.manifest.bucket, key: plan.manifest.key },
    ...(strategy.compare ? { onlyChangedIn: { s3: destinationS3, bucket: plan.destination } } : {}),
    maxJobObjectBytes: context.maxJobObjectBytes,
    onArchived: restoreDays === undefined ? undefined : async (object: { key: string }) => void (await requestRestore(sourceS3, plan.source, object.key, restoreDays)),
    onProgress: (listed) => emit({ type: 'manifest-progress', listed }),
  })
  const { diverted } = manifest
  if (diverted.archived.count > 0) emit({ type: 'warning', message: archivedWarning(diverted, restoreDays) })
  // Objects over 5 GB: a copy job would fail them, so s3-seed copies them itself, in parts.
  for (const object of manifest.large) {
    await copyLargeObject({
      sourceS3,
      destinationS3,
      source: plan.source,
      destination: plan.destination,
      key: object.key,
      partSize: context.largePartSize,
      onProgress: (copiedBytes, totalBytes) => emit({ type: 'large-copy', key: object.key, copiedBytes, totalBytes }),
    })
  }
  if (manifest.location === undefined) return { kind: 'empty', plan, skipped: manifest.skipped, diverted }
  const { location } = manifest
  emit({ type: 'manifest-uploaded', bucket: location.bucket, key: location.key, objectCount: manifest.objectCount, skipped: manifest.skipped })
  const region = facts.regions.destination
  if (unmodifiedSince) await waitPastGuardSecond(context, unmodifiedSince)
  const jobId = await launchJob(context, region, buildCreateJobInput(plan, { accountId: facts.accountId, partition: facts.partition, owners: facts.owners, roleArn, manifest: location, ...(unmodifiedSince ? { unmodifiedSince } : {}) }))
  const result = await followWithRetries(context, { jobId, region, objectCount: manifest.objectCount, skipped: manifest.skipped, manifest: s3Uri(location.bucket, location.key), diverted })
  return await convergeAfter(context, result, unmodifiedSince)
}
