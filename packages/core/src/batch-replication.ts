import type { CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { createHash } from 'node:crypto'
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
  const day = new Date().toISOString().slice(0, 10)
  const token = createHash('sha256').update(`${day}\n${JSON.stringify(input)}`).digest('hex').slice(0, 64)
  return { ...input, ClientRequestToken: token }
}
