import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3'
import type { CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { wrapAwsError } from './aws-error.js'
import { replicationRulesTo } from './buckets.js'
import type { SeedClients } from './clients.js'
import { noneDiverted } from './diverted.js'
import { InvalidInputError } from './errors.js'
import { createJobOptions, follow } from './follow-job.js'
import { createJob, withClientRequestToken } from './job.js'
import { ensureRole } from './role.js'
import type { SeedResult, SeedRunOptions } from './seed.js'
import { S3_SEED_PREFIX } from './listing/sequential.js'
import type { SeedPlan } from './plan.js'

/** Storage classes Batch Replication replicates: it skips GLACIER and DEEP_ARCHIVE (UG s3-batch-replication-batch). */
const REPLICABLE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR'] as const

export const GENERATED_MANIFEST_PREFIX = `${S3_SEED_PREFIX}manifests/generated`

/**
 * Permissions of a Batch Replication role (UG s3-batch-replication-policies): initiate replication of
 * the source's objects, read its replication configuration and write the inventory configuration the
 * manifest generator uses, read and write the generated manifest, write the report.
 */
export function replicateRolePolicy(source: string, report: { bucket: string; prefix: string } | undefined): string {
  const statements: object[] = [
    { Sid: 'InitiateReplication', Effect: 'Allow', Action: 's3:InitiateReplication', Resource: `arn:aws:s3:::${source}/*` },
    {
      Sid: 'GenerateManifest',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:PutInventoryConfiguration', 's3:ListBucket', 's3:ListBucketVersions'],
      Resource: `arn:aws:s3:::${source}`,
    },
    {
      Sid: 'GeneratedManifest',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      Resource: `arn:aws:s3:::${source}/${GENERATED_MANIFEST_PREFIX}/*`,
    },
  ]
  if (report) statements.push({ Sid: 'WriteReport', Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${report.bucket}/${report.prefix}*` })
  return JSON.stringify({ Version: '2012-10-17', Statement: statements })
}

/**
 * A Batch Replication job (S3ReplicateObject) with a generated manifest: every object version of the
 * source (under the prefix) that replication has not done (status NONE) or that failed (FAILED),
 * eligible under the replication configuration, outside the archive classes. Batch Replication keeps
 * version IDs and dates and runs in the source bucket's Region (UG s3-batch-replication-batch).
 */
export function buildReplicateJobInput(plan: SeedPlan, context: { accountId: string; roleArn: string }): CreateJobCommandInput {
  const input: Omit<CreateJobCommandInput, 'ClientRequestToken'> = {
    AccountId: context.accountId,
    ConfirmationRequired: false,
    Operation: { S3ReplicateObject: {} },
    ManifestGenerator: {
      S3JobManifestGenerator: {
        SourceBucket: `arn:aws:s3:::${plan.source}`,
        EnableManifestOutput: true,
        ManifestOutputLocation: {
          Bucket: `arn:aws:s3:::${plan.source}`,
          ManifestPrefix: GENERATED_MANIFEST_PREFIX,
          ManifestFormat: 'S3InventoryReport_CSV_20211130',
        },
        Filter: {
          EligibleForReplication: true,
          ObjectReplicationStatuses: ['NONE', 'FAILED'],
          MatchAnyStorageClass: [...REPLICABLE_CLASSES],
          ...(plan.prefix ? { KeyNameConstraint: { MatchAnyPrefix: [plan.prefix] } } : {}),
        },
      },
    },
    Report: plan.report.enabled
      ? { Enabled: true, Bucket: `arn:aws:s3:::${plan.report.bucket}`, Format: 'Report_CSV_20180820', Prefix: plan.report.prefix, ReportScope: plan.report.scope }
      : { Enabled: false },
    Priority: plan.priority,
    RoleArn: context.roleArn,
    Description: plan.description,
  }
  // A re-run on the same day finds the same job; the next day, a new generated manifest is wanted.
  return withClientRequestToken(input, new Date().toISOString().slice(0, 10))
}

/** Batch Replication: a role for it, and one S3ReplicateObject job with a generated manifest. */
export async function startBatchReplication(plan: SeedPlan, run: SeedRunOptions, account: string, sourceRegion: string, reportRegion: string): Promise<SeedResult> {
  const emit = run.onEvent ?? (() => {})
  let roleArn: string
  if (plan.role.kind === 'existing') roleArn = plan.role.arn
  else {
    const role = await ensureRole(run.clients.iam, plan.role.name, replicateRolePolicy(plan.source, plan.report.enabled ? plan.report : undefined))
    roleArn = role.arn
    emit({ type: 'role-ready', arn: role.arn, created: role.created })
  }
  const jobId = await createJob(run.clients.s3control(sourceRegion), buildReplicateJobInput(plan, { accountId: account, roleArn }), createJobOptions(run))
  emit({ type: 'job-created', jobId, region: sourceRegion })
  const manifest = `s3://${plan.source}/${GENERATED_MANIFEST_PREFIX}/job-${jobId}/manifest.json`
  return await follow(plan, run, { jobId, region: sourceRegion, objectCount: 0, skipped: 0, manifest, diverted: noneDiverted() }, account, reportRegion)
}

/** Noncurrent versions and delete markers in the first page of the source's versions: a history to keep. */
async function earlierVersions(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  try {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000, ...(prefix ? { Prefix: prefix } : {}) }))
    const noncurrent = (page.Versions ?? []).filter((version) => version.IsLatest === false && !version.Key?.startsWith(S3_SEED_PREFIX)).length
    return noncurrent + (page.DeleteMarkers ?? []).filter((marker) => !marker.Key?.startsWith(S3_SEED_PREFIX)).length
  } catch (error) {
    throw wrapAwsError(error, 'ListObjectVersions', `Listing the versions of ${bucket}`)
  }
}

/**
 * Copy, or Batch Replication. With two-way replication a copy written into the destination is a new
 * write there and replicates back into the source as a new version [inferred from
 * UG replication-what-is-isnot-replicated]; Batch Replication's replicas do not, and keep version IDs.
 * A source with a version history is also better served by Batch Replication, which replicates every
 * version (UG s3-batch-replication-batch), where a copy job copies current versions only.
 */
export async function chooseOperation(
  plan: SeedPlan,
  clients: SeedClients,
  sourceRegion: string,
  destinationRegion: string,
  replicated: boolean,
): Promise<{ name: 'copy' | 'replicate'; reason?: string }> {
  if (plan.operation === 'copy') return { name: 'copy' }
  if (plan.operation === 'replicate') {
    if (!replicated) {
      throw new InvalidInputError(
        `--operation replicate needs an enabled replication rule from ${plan.source} to ${plan.destination}: Batch Replication replicates by the source's rules. Add the rule, or use --operation copy.`,
        '--operation',
      )
    }
    return { name: 'replicate', reason: 'asked for with --operation replicate' }
  }
  if (!replicated) return { name: 'copy' }
  if ((await replicationRulesTo(clients.s3(destinationRegion), plan.destination, plan.source)).length > 0) {
    return {
      name: 'replicate',
      reason: `${plan.source} and ${plan.destination} replicate to each other, so a copy would replicate back as a new version; Batch Replication keeps version IDs and does not`,
    }
  }
  const earlier = await earlierVersions(clients.s3(sourceRegion), plan.source, plan.prefix)
  if (earlier > 0) {
    return {
      name: 'replicate',
      reason: `${plan.source} keeps earlier versions (${earlier} in its first 1,000 versions); a copy job copies only current versions, Batch Replication replicates every version with its ID (--operation copy to copy anyway)`,
    }
  }
  return { name: 'copy' }
}
