import { GetBucketPolicyCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3'
import { GetKeyPolicyCommand } from '@aws-sdk/client-kms'
import { callerIdentity } from '../aws/account.js'
import { InvalidInputError } from '../errors.js'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { bucketRegion, ownerEnforced, replicationRulesTo, replicationTo, versioningEnabled } from '../buckets/bucket-settings.js'
import { ruleCovers } from '../buckets/replication-filter.js'
import type { SeedClients } from '../aws/clients.js'
import { listSeedJobs } from '../jobs/list-jobs.js'
import { isS3SeedKey } from '../layout.js'
import { hasObjects } from '../listing/objects-to-copy.js'
import { defaultEncryption, type DefaultEncryption } from '../buckets/default-encryption.js'
import { aliasTarget, keyArnFor } from '../aws/kms-key-arn.js'
import { destinationKey } from './cross-account.js'
import type { SeedPlan } from '../plan.js'
import type { RunningJob, SeedFacts } from './types.js'

/**
 * Gathers what decide() needs: I/O only, no decisions. Who we are comes first, so missing
 * credentials are the first and only complaint; facts that only matter for some plans are looked up
 * only for those (each costs a call and a permission the README lists).
 */
export async function gatherFacts(plan: SeedPlan, clients: SeedClients, options: { accountId: string | undefined; partition: string | undefined; dryRun: boolean }): Promise<SeedFacts> {
  const { accountId, partition } = options.accountId !== undefined && options.partition !== undefined ? { accountId: options.accountId, partition: options.partition } : await callerIdentity(clients.sts)
  const lookup = clients.s3(clients.defaultRegion)
  // The source is the caller's: it holds the replication rules s3-seed reads and follows.
  clients.owners.pin(plan.source, accountId, 'SOURCE')
  const source = await bucketRegion(lookup, plan.source, 'SOURCE')
  const sourceS3 = clients.s3(source)
  const replication = await replicationTo(sourceS3, plan.source, plan.destination)
  const { rules } = replication
  const ruleAccount = rules.find((rule) => rule.Destination?.Account !== undefined)?.Destination?.Account
  if (ruleAccount !== undefined && ruleAccount !== accountId && plan.destinationAccount === undefined) {
    // Where the report goes, and who owns what, follow from it before anything else is looked up.
    throw new InvalidInputError(
      `${plan.destination} is in account ${ruleAccount}, as the replication rule of ${plan.source} says: pass --destination-account ${ruleAccount} (s3-seed then pins every request to that owner, and keeps its report in your account).`,
      '--destination-account',
    )
  }
  const owners = bucketOwners(plan, accountId, ruleAccount)
  clients.owners.pin(plan.destination, owners.destination, plan.destinationAccount === undefined ? 'DESTINATION' : '--destination-account')
  clients.owners.pin(plan.manifest.bucket, owners.manifest, '--manifest-bucket')
  if (plan.report.enabled) clients.owners.pin(plan.report.bucket, owners.report, '--report-bucket')
  const destination = await bucketRegion(lookup, plan.destination, 'DESTINATION', owners.destination)
  const manifest = plan.manifest.bucket === plan.source ? source : await bucketRegion(lookup, plan.manifest.bucket, '--manifest-bucket')
  const report = plan.report.enabled && plan.report.bucket !== plan.destination ? await bucketRegion(lookup, plan.report.bucket, '--report-bucket') : destination
  const destinationS3 = clients.s3(destination)

  const facts: SeedFacts = {
    accountId,
    partition,
    owners,
    regions: { source, destination, manifest, report },
    replication,
    replicatesToDestination: rules.length > 0,
    replicationCoversPair: rules.some((rule) => ruleCovers(rule, plan.prefix)),
  }
  // Replication and Batch Replication need versioning on the destination (UG replication-requirements).
  if (facts.replicatesToDestination) facts.destinationVersioned = await versioningEnabled(destinationS3, plan.destination)
  if (plan.operation === 'auto' && facts.replicatesToDestination) {
    facts.replicatesBack = (await replicationRulesTo(destinationS3, plan.destination, plan.source)).length > 0
    // A covering rule decides for Batch Replication already; only a partial one needs the history.
    if (!facts.replicatesBack && !facts.replicationCoversPair) facts.earlierVersions = await earlierVersions(sourceS3, plan.source, plan.prefix)
  }
  // The copy role must decrypt SSE-KMS sources and encrypt with the destination's key; Batch
  // Replication uses the replication role's KMS permissions instead.
  if (plan.operation !== 'replicate') {
    facts.encryption = {
      source: await withAliasResolved(clients, await defaultEncryption(sourceS3, plan.source, { region: source, accountId, partition }), source),
      destination: await withAliasResolved(clients, await defaultEncryption(destinationS3, plan.destination, { region: destination, accountId, partition }), destination),
    }
    if (plan.copy.kmsKeyId !== undefined) facts.kmsKeyArn = await keyArnFor(clients, plan.copy.kmsKeyId, '--kms-key')
  }
  if (owners.destination !== accountId) {
    // A copy into another account: who will own the copies decides the ACL (seed.ts).
    if (plan.operation !== 'replicate') facts.destinationOwnerEnforced = await ownerEnforced(destinationS3, plan.destination)
    if (plan.destinationProfile !== undefined) facts.destinationPolicies = await readDestinationPolicies(clients.forProfile(plan.destinationProfile), plan, facts)
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

/** A default key named by alias becomes the key's ARN when KMS resolves it; otherwise decide() warns. */
async function withAliasResolved(clients: SeedClients, encryption: DefaultEncryption, region: string): Promise<DefaultEncryption> {
  if (encryption.kind !== 'alias') return encryption
  const target = await aliasTarget(clients, encryption.alias, region)
  return 'arn' in target ? { kind: 'kms', keyArn: target.arn } : encryption
}

/**
 * Who owns each bucket: the source is the caller's; the destination is --destination-account's, else
 * the replication rule's Destination.Account (UG replication-walkthrough-2), else the caller's. The
 * manifest bucket is the caller's; the report bucket the destination's owner when it is the
 * destination, else the caller's.
 */
function bucketOwners(plan: SeedPlan, caller: string, ruleAccount: string | undefined): SeedFacts['owners'] {
  const destination = plan.destinationAccount ?? ruleAccount ?? caller
  return {
    source: caller,
    destination,
    // s3-seed writes the manifest itself, so only ever into the caller's own buckets.
    manifest: caller,
    report: plan.report.enabled && plan.report.bucket === plan.destination ? destination : caller,
  }
}

/** The destination's bucket policy and its SSE-KMS key's policy, read with the destination account's profile. */
async function readDestinationPolicies(destinationClients: SeedClients, plan: SeedPlan, facts: SeedFacts): Promise<{ bucket: string; key: string | undefined }> {
  const flag = '--destination-profile'
  let bucket = ''
  try {
    bucket = (await destinationClients.s3(facts.regions.destination).send(new GetBucketPolicyCommand({ Bucket: plan.destination, ExpectedBucketOwner: facts.owners.destination }))).Policy ?? ''
  } catch (error) {
    if (awsErrorCode(error) !== 'NoSuchBucketPolicy') throw wrapAwsError(error, 'GetBucketPolicy', `Reading the bucket policy of ${plan.destination} with ${flag} ${plan.destinationProfile}`, `Allow s3:GetBucketPolicy to that profile, or leave out ${flag}`)
  }
  const keyArn = destinationKey(facts)
  if (keyArn === undefined) return { bucket, key: undefined }
  try {
    const { Policy } = await destinationClients.kms(keyArn.split(':')[3] ?? facts.regions.destination).send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))
    return { bucket, key: Policy ?? '' }
  } catch (error) {
    throw wrapAwsError(error, 'GetKeyPolicy', `Reading the key policy of ${keyArn} with ${flag} ${plan.destinationProfile}`, `Allow kms:GetKeyPolicy to that profile, or leave out ${flag}`)
  }
}
