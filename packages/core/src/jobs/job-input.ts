import type { CreateJobCommandInput, JobDescriptor, JobManifestGeneratorFilter } from '@aws-sdk/client-s3-control'
import { createHash } from 'node:crypto'
import { bucketArn, generatedManifestPrefix, objectArn } from '../layout.js'
import type { SeedPlan } from '../plan.js'

/** A CSV manifest s3-seed wrote, an S3 Inventory manifest.json, or none (S3 generates it). */
export type JobManifest = { bucket: string; key: string; etag: string; format?: 'csv' | 'inventory' } | { generated: true; createdBefore?: Date }

export interface JobInputContext {
  accountId: string
  roleArn: string
  manifest: JobManifest
  /** Copy only objects not modified since this time (the guard against landing over a newer replica). */
  unmodifiedSince?: Date
}

type JobInputWithoutToken = Omit<CreateJobCommandInput, 'ClientRequestToken'>

/** Objects a copy job can copy are at most 5 GB (UG batch-ops-copy-object). */
const COPYABLE_BELOW_BYTES = 5 * 1024 ** 3 + 1

/** Storage classes a job can read without a restore: GLACIER and DEEP_ARCHIVE need one (UG batch-ops-copy-object, s3-batch-replication-batch). */
const READABLE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR'] as const

/**
 * S3's manifest generator over the source: objects in readable classes under the prefix, plus
 * `filter`; its output goes to the manifest bucket, under the generated-manifest prefix (layout.ts).
 */
function manifestGenerator(plan: SeedPlan, filter: JobManifestGeneratorFilter): Pick<CreateJobCommandInput, 'ManifestGenerator'> {
  return {
    ManifestGenerator: {
      S3JobManifestGenerator: {
        SourceBucket: bucketArn(plan.source),
        EnableManifestOutput: true,
        ManifestOutputLocation: { Bucket: bucketArn(plan.manifest.bucket), ManifestPrefix: generatedManifestPrefix(plan.manifest.prefix), ManifestFormat: 'S3InventoryReport_CSV_20211130' },
        Filter: {
          ...filter,
          MatchAnyStorageClass: [...READABLE_CLASSES],
          ...(plan.prefix ? { KeyNameConstraint: { MatchAnyPrefix: [plan.prefix] } } : {}),
        },
      },
    },
  }
}

function manifestFields(plan: SeedPlan, manifest: JobManifest): Pick<CreateJobCommandInput, 'Manifest' | 'ManifestGenerator'> {
  if ('generated' in manifest) {
    return manifestGenerator(plan, { ObjectSizeLessThanBytes: COPYABLE_BELOW_BYTES, ...(manifest.createdBefore ? { CreatedBefore: manifest.createdBefore } : {}) })
  }
  return {
    Manifest: {
      Spec: manifest.format === 'inventory' ? { Format: 'S3InventoryReport_CSV_20161130' } : { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: objectArn(manifest.bucket, manifest.key), ETag: manifest.etag },
    },
  }
}

function reportFields(plan: SeedPlan): CreateJobCommandInput['Report'] {
  return plan.report.enabled
    ? { Enabled: true, Bucket: bucketArn(plan.report.bucket), Format: 'Report_CSV_20180820', Prefix: plan.report.prefix, ReportScope: plan.report.scope }
    : { Enabled: false }
}

/**
 * The CreateJob request for a copy job (S3 Control model CreateJobRequest). ConfirmationRequired is
 * always sent as false: jobs created outside the console otherwise wait Suspended
 * (UG batch-ops-job-status). The ClientRequestToken is a hash of everything else, so an identical
 * re-run (same manifest content and ETag, same settings) returns the job it created before instead
 * of a duplicate, and any change makes a new job rather than an IdempotencyException.
 */
export function buildCreateJobInput(plan: SeedPlan, context: JobInputContext): CreateJobCommandInput {
  return withClientRequestToken({
    AccountId: context.accountId,
    ConfirmationRequired: false,
    Operation: {
      S3PutObjectCopy: {
        TargetResource: bucketArn(plan.destination),
        // CopyObject would write STANDARD and the bucket default encryption; replication writes
        // the rule's storage class and replica KMS key, so seeding passes them explicitly.
        ...(plan.copy.storageClass ? { StorageClass: plan.copy.storageClass as 'STANDARD' } : {}),
        ...(plan.copy.kmsKeyId ? { SSEAwsKmsKeyId: plan.copy.kmsKeyId } : {}),
        ...(plan.copy.cannedAcl ? { CannedAccessControlList: plan.copy.cannedAcl as 'private' } : {}),
        // A task whose source changed after this fails 412 PreconditionFailed (S3 Control model
        // S3CopyObjectOperation.UnModifiedSinceConstraint → CopyObject x-amz-copy-source-if-unmodified-since).
        ...(context.unmodifiedSince ? { UnModifiedSinceConstraint: context.unmodifiedSince } : {}),
      },
    },
    ...manifestFields(plan, context.manifest),
    Report: reportFields(plan),
    Priority: plan.priority,
    RoleArn: context.roleArn,
    Description: plan.description,
  })
}

/**
 * A Batch Replication job (S3ReplicateObject) with a generated manifest: every object version of the
 * source (under the prefix) that replication has not done (status NONE) or that failed (FAILED),
 * eligible under the replication configuration, outside the archive classes. Batch Replication keeps
 * version IDs and dates and runs in the source bucket's Region (UG s3-batch-replication-batch).
 * `day` (YYYY-MM-DD) salts the token: a re-run the same day finds the same job, the next day's
 * wants a new generated manifest.
 */
export function buildReplicateJobInput(plan: SeedPlan, context: { accountId: string; roleArn: string }, day: string): CreateJobCommandInput {
  const input: JobInputWithoutToken = {
    AccountId: context.accountId,
    ConfirmationRequired: false,
    Operation: { S3ReplicateObject: {} },
    ...manifestGenerator(plan, { EligibleForReplication: true, ObjectReplicationStatuses: ['NONE', 'FAILED'] }),
    Report: reportFields(plan),
    Priority: plan.priority,
    RoleArn: context.roleArn,
    Description: plan.description,
  }
  return withClientRequestToken(input, day)
}

/**
 * A job that runs the failed tasks of `retried` again: its operation, role, priority and report
 * settings, a new CSV manifest and a description that names the job it retries.
 */
export function buildRetryJobInput(
  retried: JobDescriptor,
  context: { accountId: string; manifest: { bucket: string; key: string; etag: string }; description: string },
): CreateJobCommandInput {
  return withClientRequestToken({
    AccountId: context.accountId,
    ConfirmationRequired: false,
    Operation: retried.Operation,
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: objectArn(context.manifest.bucket, context.manifest.key), ETag: context.manifest.etag },
    },
    Report: retried.Report,
    Priority: retried.Priority ?? 10,
    RoleArn: retried.RoleArn,
    Description: context.description,
  })
}

/**
 * Adds a ClientRequestToken (1–64 characters) that is a hash of the request itself (and `salt`): the
 * same request gets the same job back, a different one a new job, never an IdempotencyException.
 */
export function withClientRequestToken(input: JobInputWithoutToken, salt = ''): CreateJobCommandInput {
  const token = createHash('sha256').update(salt ? `${salt}\n${JSON.stringify(input)}` : JSON.stringify(input)).digest('hex').slice(0, 64)
  return { ...input, ClientRequestToken: token }
}
