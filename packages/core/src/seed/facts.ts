import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3'
import { accountId as callerAccountId } from '../aws/account.js'
import { wrapAwsError } from '../aws/aws-error.js'
import { bucketRegion, replicationRulesTo, versioningEnabled } from '../buckets/bucket-settings.js'
import { ruleCovers } from '../buckets/replication-filter.js'
import type { SeedClients } from '../aws/clients.js'
import { listSeedJobs } from '../jobs/list-jobs.js'
import { isS3SeedKey } from '../layout.js'
import { hasObjects } from '../listing/objects-to-copy.js'
import { defaultEncryption } from '../buckets/default-encryption.js'
import type { SeedPlan } from '../plan.js'
import type { RunningJob, SeedFacts } from './types.js'

/**
 * Gathers what decide() needs: I/O only, no decisions. Who we are comes first, so missing
 * credentials are the first and only complaint; facts that only matter for some plans are looked up
 * only for those (each costs a call and a permission the README lists).
 */
export async function gatherFacts(plan: SeedPlan, clients: SeedClients, options: { accountId: string | undefined; dryRun: boolean }): Promise<SeedFacts> {
  const accountId = options.accountId ?? (await callerAccountId(clients.sts))
  const lookup = clients.s3(clients.defaultRegion)
  const source = await bucketRegion(lookup, plan.source, 'SOURCE')
  const destination = await bucketRegion(lookup, plan.destination, 'DESTINATION')
  const manifest = plan.manifest.bucket === plan.source ? source : await bucketRegion(lookup, plan.manifest.bucket, '--manifest-bucket')
  const report = plan.report.enabled && plan.report.bucket !== plan.destination ? await bucketRegion(lookup, plan.report.bucket, '--report-bucket') : destination
  const sourceS3 = clients.s3(source)
  const destinationS3 = clients.s3(destination)

  const rules = await replicationRulesTo(sourceS3, plan.source, plan.destination)
  const facts: SeedFacts = {
    accountId,
    regions: { source, destination, manifest, report },
    replicatesToDestination: rules.length > 0,
    replicationCoversPair: rules.some((rule) => ruleCovers(rule, plan.prefix)),
  }
  if (plan.requireReplication && facts.replicatesToDestination) facts.destinationVersioned = await versioningEnabled(destinationS3, plan.destination)
  if (plan.operation === 'auto' && facts.replicatesToDestination) {
    facts.replicatesBack = (await replicationRulesTo(destinationS3, plan.destination, plan.source)).length > 0
    // A covering rule decides for Batch Replication already; only a partial one needs the history.
    if (!facts.replicatesBack && !facts.replicationCoversPair) facts.earlierVersions = await earlierVersions(sourceS3, plan.source, plan.prefix)
  }
  // The copy role must decrypt SSE-KMS sources and encrypt with the destination's key; Batch
  // Replication uses the replication role's KMS permissions instead.
  if (plan.operation !== 'replicate') {
    facts.encryption = {
      source: await defaultEncryption(sourceS3, plan.source, source, accountId),
      destination: await defaultEncryption(destinationS3, plan.destination, destination, accountId),
    }
  }
  if (plan.manifestSource.kind === 'list') {
    facts.sourceHasObjects = await hasObjects(sourceS3, plan.source, plan.prefix)
    if (!plan.copyAll && facts.sourceHasObjects) facts.destinationHasObjects = await hasObjects(destinationS3, plan.destination, plan.prefix)
  }
  // A dry run never follows a job, so it needs no s3:ListJobs.
  const runningJob = options.dryRun ? undefined : await findRunningJob(plan, clients, accountId, [...new Set([destination, source])])
  if (runningJob !== undefined) facts.runningJob = runningJob
  return facts
}

/** A job for this pair that has not ended, in the Regions its jobs run in (copy: destination; Batch Replication: source). */
async function findRunningJob(plan: SeedPlan, clients: SeedClients, accountId: string, regions: string[]): Promise<RunningJob | undefined> {
  for (const region of regions) {
    const jobs = await listSeedJobs(clients.s3control(region), { accountId, region, unfinished: true })
    const running = jobs.find((job) => job.description === plan.description)
    if (running !== undefined) return { jobId: running.jobId, region, total: running.total }
  }
  return undefined
}

/** Noncurrent versions and delete markers in the first page of the source's versions: a history to keep. */
async function earlierVersions(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  try {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000, ...(prefix ? { Prefix: prefix } : {}) }))
    const noncurrent = (page.Versions ?? []).filter((version) => version.IsLatest === false && !isS3SeedKey(version.Key ?? '')).length
    return noncurrent + (page.DeleteMarkers ?? []).filter((marker) => !isS3SeedKey(marker.Key ?? '')).length
  } catch (error) {
    throw wrapAwsError(error, 'ListObjectVersions', `Listing the versions of ${bucket}`, 'Allow s3:ListBucketVersions on it, or choose with --operation copy|replicate')
  }
}
