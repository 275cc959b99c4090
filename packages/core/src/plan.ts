import { createHash } from 'node:crypto'
import { checkBucketName } from './bucket-name.js'
import { InvalidInputError } from './errors.js'
import { S3_SEED_PREFIX } from './listing/sequential.js'
import { defaultRoleName } from './role.js'

/** What to seed, and how. Every field but `source` and `destination` is optional. */
export interface SeedOptions {
  /** Bucket to copy from. */
  source: string
  /** Bucket to copy into (the replication destination). */
  destination: string
  /** Only copy objects whose key starts with this. Default: the whole bucket. */
  prefix?: string
  /** Use this existing role instead of creating one. Default: create or update `roleName`. */
  roleArn?: string
  /** Name of the role s3-seed creates or updates. Default: `s3-seed-<destination>-<hash>`. */
  roleName?: string
  /** Bucket for the manifest. Default: the source bucket. */
  manifestBucket?: string
  /** Key prefix for manifests. Default: `.s3-seed/manifests/`. */
  manifestPrefix?: string
  /** Write a completion report. Default: true. */
  report?: boolean
  /** Bucket for the completion report. Default: the destination bucket. */
  reportBucket?: string
  /** Key prefix for reports. Default: `.s3-seed/reports`. */
  reportPrefix?: string
  /** Which tasks the report lists. Default: `AllTasks`. */
  reportScope?: 'AllTasks' | 'FailedTasksOnly'
  /** Batch Operations job priority, 0–2147483647, higher runs first. Default: 10. */
  priority?: number
  /** Refuse to seed unless the source replicates to the destination. Default: false. */
  requireReplication?: boolean
  /**
   * How to seed: `copy` (S3PutObjectCopy in the destination's Region), `replicate` (Batch Replication,
   * S3ReplicateObject in the source's Region: keeps version IDs and dates, needs a replication rule),
   * or `auto`: replicate when copies would be wrong (two-way replication, where a copy would replicate
   * back as a new version), else copy. Default: auto.
   */
  operation?: 'auto' | 'copy' | 'replicate'
  /**
   * Where the job's object list comes from: `list` (s3-seed lists the bucket and uploads a CSV),
   * `generated` (S3's manifest generator lists it: no client listing, for very large buckets; objects
   * over 5 GB and in archive classes are filtered out, and everything else is copied), or the S3 URI
   * of an existing S3 Inventory `manifest.json`. Default: list.
   */
  manifestSource?: 'list' | 'generated' | string
  /** With a generated manifest: only objects created before this time (e.g. when replication was turned on). */
  createdBefore?: Date
  /** Storage class of the copies. Default: STANDARD (CopyObject's default), whatever the source's. */
  storageClass?: 'STANDARD' | 'STANDARD_IA' | 'ONEZONE_IA' | 'GLACIER' | 'INTELLIGENT_TIERING' | 'DEEP_ARCHIVE' | 'GLACIER_IR'
  /** Encrypt the copies with this KMS key (ARN). Default: the destination bucket's default encryption. */
  kmsKeyId?: string
  /** Canned ACL for the copies. Default: none (required for buckets that enforce bucket-owner ownership). */
  cannedAcl?: 'bucket-owner-full-control' | 'private'
  /** Where these settings came from (e.g. a replication rule), shown in plans. */
  origin?: string
  /**
   * Copy every object, even those the destination already has. Default: false, so only objects
   * missing from the destination or different there (by size) are copied: a re-run never copies
   * over newer data that replication has already written.
   */
  all?: boolean
}

/** SeedOptions with every default applied and every value checked. */
export interface SeedPlan {
  source: string
  destination: string
  prefix: string
  role: { kind: 'existing'; arn: string } | { kind: 'managed'; name: string }
  manifest: { bucket: string; key: string; prefix: string }
  report: { enabled: false } | { enabled: true; bucket: string; prefix: string; scope: 'AllTasks' | 'FailedTasksOnly' }
  priority: number
  requireReplication: boolean
  copyAll: boolean
  operation: 'auto' | 'copy' | 'replicate'
  manifestSource: { kind: 'list' } | { kind: 'generated'; createdBefore?: Date } | { kind: 'inventory'; bucket: string; key: string }
  copy: { storageClass?: string; kmsKeyId?: string; cannedAcl?: string }
  origin?: string
  description: string
}

/** Job descriptions start with this, which is how `status` finds the jobs s3-seed created. */
export const JOB_DESCRIPTION_PREFIX = 's3-seed: '

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/

/**
 * Applies defaults and checks the options; throws InvalidInputError naming the flag at fault.
 * Pure: nothing here calls AWS, so bad input changes nothing.
 */
export function planSeed(options: SeedOptions): SeedPlan {
  checkBucketName(options.source, 'SOURCE')
  checkBucketName(options.destination, 'DESTINATION')
  if (options.source === options.destination) {
    throw new InvalidInputError(
      `SOURCE and DESTINATION are the same bucket (${options.source}); seeding copies between two buckets. Check the arguments.`,
      'DESTINATION',
    )
  }
  if (options.manifestBucket !== undefined) checkBucketName(options.manifestBucket, '--manifest-bucket')
  if (options.reportBucket !== undefined) checkBucketName(options.reportBucket, '--report-bucket')
  if (options.roleArn !== undefined && !ROLE_ARN.test(options.roleArn)) {
    throw new InvalidInputError(
      `--role-arn "${options.roleArn}" is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>.`,
      '--role-arn',
    )
  }
  if (options.roleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(options.roleName)) {
    throw new InvalidInputError(`--role-name "${options.roleName}" is not a valid IAM role name (1–64 of A–Z a–z 0–9 +=,.@_-).`, '--role-name')
  }
  const priority = options.priority ?? 10
  if (!Number.isInteger(priority) || priority < 0 || priority > 2147483647) {
    throw new InvalidInputError(`--priority must be a whole number from 0 to 2147483647, not ${options.priority}.`, '--priority')
  }
  const prefix = options.prefix ?? ''
  if (prefix.length > 1024) throw new InvalidInputError('--prefix is longer than 1,024 characters, the longest S3 key.', '--prefix')
  const manifestPrefix = withSlash(options.manifestPrefix ?? `${S3_SEED_PREFIX}manifests/`)
  const pairHash = createHash('sha256').update(`${options.source}\n${options.destination}\n${prefix}`).digest('hex').slice(0, 16)
  const reportEnabled = options.report ?? true
  return {
    source: options.source,
    destination: options.destination,
    prefix,
    role: options.roleArn
      ? { kind: 'existing', arn: options.roleArn }
      : { kind: 'managed', name: options.roleName ?? defaultRoleName(options.source, options.destination) },
    // A stable key per pair: a re-run uploads the same content to the same place, gets the same
    // ETag, sends the same CreateJob and so finds the job it created before (see job.ts).
    manifest: {
      bucket: options.manifestBucket ?? options.source,
      prefix: manifestPrefix,
      key: `${manifestPrefix}${options.destination}/${pairHash}.csv`,
    },
    report: reportEnabled
      ? {
          enabled: true,
          bucket: options.reportBucket ?? options.destination,
          prefix: (options.reportPrefix ?? `${S3_SEED_PREFIX}reports`).replace(/\/+$/, ''),
          scope: options.reportScope ?? 'AllTasks',
        }
      : { enabled: false },
    priority,
    requireReplication: options.requireReplication ?? false,
    copyAll: options.all ?? false,
    operation: options.operation ?? 'auto',
    manifestSource: manifestSource(options),
    copy: {
      ...(options.storageClass === undefined ? {} : { storageClass: options.storageClass }),
      ...(options.kmsKeyId === undefined ? {} : { kmsKeyId: options.kmsKeyId }),
      ...(options.cannedAcl === undefined ? {} : { cannedAcl: options.cannedAcl }),
    },
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    description: `${JOB_DESCRIPTION_PREFIX}${options.source} -> ${options.destination}${prefix ? ` (${prefix})` : ''}`.slice(0, 256),
  }
}

function manifestSource(options: SeedOptions): SeedPlan['manifestSource'] {
  const source = options.manifestSource ?? 'list'
  if (source === 'list') return { kind: 'list' }
  if (source === 'generated') return { kind: 'generated', ...(options.createdBefore ? { createdBefore: options.createdBefore } : {}) }
  const match = /^s3:\/\/([^/]+)\/(.+manifest\.json)$/.exec(source)
  if (match === null) {
    throw new InvalidInputError(`--manifest must be list, generated, or the s3:// URI of an S3 Inventory manifest.json, not "${source}".`, '--manifest')
  }
  return { kind: 'inventory', bucket: match[1] as string, key: match[2] as string }
}


function withSlash(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`
}
