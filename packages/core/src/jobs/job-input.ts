import type { CreateJobCommandInput, JobDescriptor, JobManifestGeneratorFilter } from '@aws-sdk/client-s3-control'
import { createHash } from 'node:crypto'
import { bucketArn, generatedManifestPrefix, objectArn, partitionOf } from '../layout.js'
import { MAX_JOB_OBJECT_BYTES, READABLE_CLASSES } from '../manifest/copyable.js'
import { defaultOf } from '../options/schema.js'
import type { SeedPlan } from '../plan.js'

/** A CSV manifest s3-seed wrote, an S3 Inventory manifest.json, or none (S3 generates it). */
export type JobManifest = { bucket: string; key: string; etag: string; format?: 'csv' | 'inventory' } | { generated: true; createdBefore?: Date }

export interface JobInputContext {
  accountId: string
  /** The caller's partition (layout.ts partitionOf), for every ARN in the request. */
  partition: string
  /** Who owns the buckets: the job refuses a manifest or report bucket of another owner. */
  owners: JobOwners
  roleArn: string
  manifest: JobManifest
  /** Copy only objects not modified since this time (the guard against landing over a newer replica). */
  unmodifiedSince?: Date
}

/** The owners a job pins (S3 Control API: S3JobManifestGenerator, S3ManifestOutputLocation, JobReport). */
export interface JobOwners {
  manifest: string
  report: string
}

type JobInputWithoutToken = Omit<CreateJobCommandInput, 'ClientRequestToken'>

/** The generator's filter is exclusive (ObjectSizeLessThanBytes), the job's limit inclusive (copyable.ts). */
const COPYABLE_BELOW_BYTES = MAX_JOB_OBJECT_BYTES + 1

/**
 * S3's manifest generator over the source: objects in readable classes under the prefix, plus
 * `filter`; its output goes to the manifest bucket, under the generated-manifest prefix (layout.ts).
 */
function manifestGenerator(plan: SeedPlan, filter: JobManifestGeneratorFilter, partition: string, owners: JobOwners): Pick<CreateJobCommandInput, 'ManifestGenerator'> {
  return {
    ManifestGenerator: {
      S3JobManifestGenerator: {
        // "The account ID that owns the bucket the generated manifest is written to" (S3 Control API
        // S3JobManifestGenerator), like ManifestOutputLocation's ExpectedManifestBucketOwner.
        ExpectedBucketOwner: owners.manifest,
        SourceBucket: bucketArn(plan.source, partition),
        EnableManifestOutput: true,
        ManifestOutputLocation: { ExpectedManifestBucketOwner: owners.manifest, Bucket: bucketArn(plan.manifest.bucket, partition), ManifestPrefix: generatedManifestPrefix(plan.manifest.prefix), ManifestFormat: 'S3InventoryReport_CSV_20211130' },
        Filter: {
          ...filter,
          MatchAnyStorageClass: [...READABLE_CLASSES],
          ...(plan.prefix ? { KeyNameConstraint: { MatchAnyPrefix: [plan.prefix] } } : {}),
        },
      },
    },
  }
}

function manifestFields(plan: SeedPlan, manifest: JobManifest, partition: string, owners: JobOwners): Pick<CreateJobCommandInput, 'Manifest' | 'ManifestGenerator'> {
  if ('generated' in manifest) {
    return manifestGenerator(plan, { ObjectSizeLessThanBytes: COPYABLE_BELOW_BYTES, ...(manifest.createdBefore ? { CreatedBefore: manifest.createdBefore } : {}) }, partition, owners)
  }
  return writtenManifest(manifest, partition)
}

/** A manifest object the job reads: s3-seed's CSV (fields Bucket,Key) unless it is an S3 Inventory manifest.json. */
function writtenManifest(manifest: Exclude<JobManifest, { generated: true }>, partition: string): Pick<CreateJobCommandInput, 'Manifest'> {
  return {
    Manifest: {
      Spec: manifest.format === 'inventory' ? { Format: 'S3InventoryReport_CSV_20161130' } : { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: objectArn(manifest.bucket, manifest.key, partition), ETag: manifest.etag },
    },
  }
}

function reportFields(plan: SeedPlan, partition: string, owners: JobOwners): CreateJobCommandInput['Report'] {
  return plan.report.enabled
    ? { Enabled: true, Bucket: bucketArn(plan.report.bucket, partition), ExpectedBucketOwner: owners.report, Format: 'Report_CSV_20180820', Prefix: plan.report.prefix, ReportScope: plan.report.scope }
    : { Enabled: false }
}

/** What differs between the jobs s3-seed creates; jobInput adds what they share. */
interface JobParts {
  accountId: string
  operation: CreateJobCommandInput['Operation']
  manifest: Pick<CreateJobCommandInput, 'Manifest' | 'ManifestGenerator'>
  report: CreateJobCommandInput['Report']
  priority: number
  roleArn: CreateJobCommandInput['RoleArn']
  description: CreateJobCommandInput['Description']
}

/**
 * A CreateJob request (S3 Control model CreateJobRequest). ConfirmationRequired is always sent as
 * false: jobs created outside the console otherwise wait Suspended (UG batch-ops-job-status). The
 * ClientRequestToken is a hash of everything else, so an identical re-run (same manifest content and
 * ETag, same settings) returns the job it created before instead of a duplicate, and any change makes
 * a new job rather than an IdempotencyException. The token hashes the fields in this order: keep it,
 * or every re-run after an upgrade creates a second job.
 */
function jobInput(parts: JobParts, salt = ''): CreateJobCommandInput {
  return withClientRequestToken(
    {
      AccountId: parts.accountId,
      ConfirmationRequired: false,
      Operation: parts.operation,
      ...parts.manifest,
      Report: parts.report,
      Priority: parts.priority,
      RoleArn: parts.roleArn,
      Description: parts.description,
    },
    salt,
  )
}

/** The CreateJob request for a copy job (S3PutObjectCopy) over a written or generated manifest. */
export function buildCreateJobInput(plan: SeedPlan, context: JobInputContext): CreateJobCommandInput {
  return jobInput({
    accountId: context.accountId,
    operation: {
      S3PutObjectCopy: {
        TargetResource: bucketArn(plan.destination, context.partition),
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
    manifest: manifestFields(plan, context.manifest, context.partition, context.owners),
    report: reportFields(plan, context.partition, context.owners),
    priority: plan.priority,
    roleArn: context.roleArn,
    description: plan.description,
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
export function buildReplicateJobInput(plan: SeedPlan, context: { accountId: string; partition: string; owners: JobOwners; roleArn: string }, day: string): CreateJobCommandInput {
  return jobInput(
    {
      accountId: context.accountId,
      operation: { S3ReplicateObject: {} },
      manifest: manifestGenerator(plan, { EligibleForReplication: true, ObjectReplicationStatuses: ['NONE', 'FAILED'] }, context.partition, context.owners),
      report: reportFields(plan, context.partition, context.owners),
      priority: plan.priority,
      roleArn: context.roleArn,
      description: plan.description,
    },
    day,
  )
}

/**
 * A job that runs the failed tasks of `retried` again: its operation, role, priority and report
 * settings, a new CSV manifest and a description that names the job it retries.
 */
export function buildRetryJobInput(
  retried: JobDescriptor,
  context: { accountId: string; manifest: { bucket: string; key: string; etag: string }; description: string },
): CreateJobCommandInput {
  return jobInput({
    accountId: context.accountId,
    operation: retried.Operation,
    manifest: writtenManifest(context.manifest, retriedPartition(retried)),
    report: retried.Report,
    priority: retried.Priority ?? defaultOf('priority'),
    roleArn: retried.RoleArn,
    description: context.description,
  })
}

/**
 * Adds a ClientRequestToken (1–64 characters) that is a hash of the request itself (and `salt`): the
 * same request gets the same job back, a different one a new job, never an IdempotencyException.
 */
function withClientRequestToken(input: JobInputWithoutToken, salt = ''): CreateJobCommandInput {
  const token = createHash('sha256').update(salt ? `${salt}\n${JSON.stringify(input)}` : JSON.stringify(input)).digest('hex').slice(0, 64)
  return { ...input, ClientRequestToken: token }
}

/** The retried job's partition, from its ARNs (its role's, or its own). */
function retriedPartition(retried: JobDescriptor): string {
  const partition = partitionOf(retried.RoleArn ?? '') ?? partitionOf(retried.JobArn ?? '')
  if (partition === undefined) throw new Error(`Job ${retried.JobId} has no role or job ARN to tell its partition from.`)
  return partition
}
