import { CreateJobCommand, type CreateJobCommandInput, type S3ControlClient } from '@aws-sdk/client-s3-control'
import { createHash } from 'node:crypto'
import { awsErrorCode, wrapAwsError } from './aws-error.js'
import { AwsCallError } from './errors.js'
import type { SeedPlan } from './plan.js'
import { realSleep, type Sleep } from './sleep.js'

export interface JobInputContext {
  accountId: string
  roleArn: string
  /** A CSV manifest s3-seed wrote, an S3 Inventory manifest.json, or none (S3 generates it). */
  manifest: { bucket: string; key: string; etag: string; format?: 'csv' | 'inventory' } | { generated: true; createdBefore?: Date }
}

/** Objects a copy job can copy are at most 5 GB (UG batch-ops-copy-object). */
const COPYABLE_BELOW_BYTES = 5 * 1024 ** 3 + 1

function manifestFields(plan: SeedPlan, context: JobInputContext): Pick<CreateJobCommandInput, 'Manifest' | 'ManifestGenerator'> {
  const manifest = context.manifest
  if ('generated' in manifest) {
    return {
      ManifestGenerator: {
        S3JobManifestGenerator: {
          SourceBucket: `arn:aws:s3:::${plan.source}`,
          EnableManifestOutput: true,
          ManifestOutputLocation: { Bucket: `arn:aws:s3:::${plan.source}`, ManifestPrefix: `${plan.manifest.prefix}generated`, ManifestFormat: 'S3InventoryReport_CSV_20211130' },
          Filter: {
            ObjectSizeLessThanBytes: COPYABLE_BELOW_BYTES,
            MatchAnyStorageClass: ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR'],
            ...(plan.prefix ? { KeyNameConstraint: { MatchAnyPrefix: [plan.prefix] } } : {}),
            ...(manifest.createdBefore ? { CreatedBefore: manifest.createdBefore } : {}),
          },
        },
      },
    }
  }
  return {
    Manifest: {
      Spec:
        manifest.format === 'inventory'
          ? { Format: 'S3InventoryReport_CSV_20161130' }
          : { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: `arn:aws:s3:::${manifest.bucket}/${manifest.key}`, ETag: manifest.etag },
    },
  }
}

/**
 * The CreateJob request for a copy job (S3 Control model CreateJobRequest). ConfirmationRequired is
 * always sent as false: jobs created outside the console otherwise wait Suspended
 * (UG batch-ops-job-status). The ClientRequestToken is a hash of everything else, so an identical
 * re-run (same manifest content and ETag, same settings) returns the job it created before instead
 * of a duplicate, and any change makes a new job rather than an IdempotencyException.
 */
export function buildCreateJobInput(plan: SeedPlan, context: JobInputContext): CreateJobCommandInput {
  const input: Omit<CreateJobCommandInput, 'ClientRequestToken'> = {
    AccountId: context.accountId,
    ConfirmationRequired: false,
    Operation: {
      S3PutObjectCopy: {
        TargetResource: `arn:aws:s3:::${plan.destination}`,
        // CopyObject would write STANDARD and the bucket default encryption; replication writes
        // the rule's storage class and replica KMS key, so seeding passes them explicitly.
        ...(plan.copy.storageClass ? { StorageClass: plan.copy.storageClass as 'STANDARD' } : {}),
        ...(plan.copy.kmsKeyId ? { SSEAwsKmsKeyId: plan.copy.kmsKeyId } : {}),
        ...(plan.copy.cannedAcl ? { CannedAccessControlList: plan.copy.cannedAcl as 'private' } : {}),
      },
    },
    ...manifestFields(plan, context),
    Report: plan.report.enabled
      ? {
          Enabled: true,
          Bucket: `arn:aws:s3:::${plan.report.bucket}`,
          Format: 'Report_CSV_20180820',
          Prefix: plan.report.prefix,
          ReportScope: plan.report.scope,
        }
      : { Enabled: false },
    Priority: plan.priority,
    RoleArn: context.roleArn,
    Description: plan.description,
  }
  return withClientRequestToken(input)
}

/**
 * Adds a ClientRequestToken (1–64 characters) that is a hash of the request itself (and `salt`): the
 * same request gets the same job back, a different one a new job, never an IdempotencyException.
 */
export function withClientRequestToken(input: Omit<CreateJobCommandInput, 'ClientRequestToken'>, salt = ''): CreateJobCommandInput {
  const token = createHash('sha256').update(salt ? `${salt}\n${JSON.stringify(input)}` : JSON.stringify(input)).digest('hex').slice(0, 64)
  return { ...input, ClientRequestToken: token }
}

export interface CreateJobOptions {
  /** Give up retrying after this long. Default: 120000 ms (IAM propagation is usually seconds). */
  maxWaitMs?: number
  /** First retry delay; doubles each time up to 16 s. Default: 1000 ms. */
  initialDelayMs?: number
  sleep?: Sleep
  signal?: AbortSignal
  onRetry?: (attempt: number, delayMs: number, reason: string) => void
}

/**
 * CreateJob with a bounded backoff for two transient refusals: a role that S3 Batch Operations
 * cannot assume yet (IAM is eventually consistent, so a role created seconds ago may not be visible
 * to the service; see docs/decisions.md) and TooManyRequestsException.
 */
export async function createJob(s3control: S3ControlClient, input: CreateJobCommandInput, options: CreateJobOptions = {}): Promise<string> {
  const sleep = options.sleep ?? realSleep
  const maxWaitMs = options.maxWaitMs ?? 120_000
  let delayMs = options.initialDelayMs ?? 1000
  let waited = 0
  for (let attempt = 1; ; attempt++) {
    try {
      const { JobId } = await s3control.send(new CreateJobCommand(input), options.signal ? { abortSignal: options.signal } : {})
      if (!JobId) throw new Error('CreateJob returned no JobId')
      return JobId
    } catch (error) {
      const reason = retryReason(error)
      if (reason === undefined) {
        throw wrapAwsError(error, 'CreateJob', 'Creating the S3 Batch Operations job')
      }
      if (waited + delayMs > maxWaitMs) {
        throw new AwsCallError(
          reason === 'role'
            ? `Could not create the Batch Operations job: role ${input.RoleArn} was still not assumable after ${Math.round(waited / 1000)} s. ` +
                'New IAM roles take time to propagate; rerun, or pass an existing role with --role-arn (Action input role-arn).'
            : `Could not create the Batch Operations job: S3 kept answering TooManyRequests for ${Math.round(waited / 1000)} s. Rerun later, or lower --concurrency.`,
          'CreateJob',
          awsErrorCode(error) ?? 'Error',
          { cause: error },
        )
      }
      options.onRetry?.(attempt, delayMs, reason === 'role' ? 'the new role is not assumable yet' : 'throttled (TooManyRequests)')
      await sleep(delayMs, options.signal)
      waited += delayMs
      delayMs = Math.min(delayMs * 2, 16_000)
    }
  }
}

function retryReason(error: unknown): 'role' | 'throttled' | undefined {
  const code = awsErrorCode(error)
  if (code === 'TooManyRequestsException') return 'throttled'
  const message = error instanceof Error ? error.message : ''
  // The propagation symptom: the service reports it cannot assume (or find) the role just created.
  if ((code === 'BadRequestException' || code === 'AccessDenied') && /assume|role/i.test(message)) return 'role'
  return undefined
}
