import { createHash } from 'node:crypto'
import { defaultOf } from './options/schema.js'

/**
 * Every name s3-seed writes or looks for: keys and prefixes in buckets, ARNs, role names and job
 * descriptions. Nothing else in core builds one of these by hand, so what a job writes, what its role
 * may touch and what `retry`, `status` and `cleanup` look for cannot drift apart.
 */

/** s3-seed's own files (manifests, reports) live under this prefix and are never copied. */
export const S3_SEED_PREFIX = '.s3-seed/'
/** Where manifests go unless --manifest-prefix says otherwise, and what `cleanup` deletes (public: the CLI names it). */
export const DEFAULT_MANIFEST_PREFIX = defaultOf('manifestPrefix')
export const DEFAULT_REPORT_PREFIX = defaultOf('reportPrefix')

/** Job descriptions start with this, which is how `status`, `watch` and a re-run find s3-seed's jobs. */
export const JOB_DESCRIPTION_PREFIX = 's3-seed: '

/** Roles s3-seed creates are named `s3-seed-…` and carry this tag, so `cleanup` can find them. */
export const ROLE_NAME_PREFIX = 's3-seed-'
export const MANAGED_TAG = { Key: 's3-seed:managed', Value: 'true' } as const
/**
 * The role's inline policy for one kind of job of one pair (source, destination, prefix). Pairs can
 * share a role (rules of one bucket with other prefixes share the default name; `--role-name` can name
 * one role for many pairs) and run at once: each writes its own policy, never another pair's. IAM
 * caps a role's inline policies at 10,240 characters in all (IAM User Guide, IAM and STS quotas),
 * so a role shared by too many pairs is refused by PutRolePolicy (see ensureRole).
 */
export function rolePolicyName(kind: 'list' | 'generated' | 'inventory' | 'replicate', pair: { source: string; destination: string; prefix: string }): string {
  const name = kind === 'list' ? 's3-seed-copy' : kind === 'replicate' ? 's3-seed-replicate' : `s3-seed-copy-${kind}`
  return `${name}-${shortHash(`${pair.source}\n${pair.destination}\n${pair.prefix}`, 10)}`
}

/** A place in a bucket: every key that starts with `prefix`. */
export interface Place {
  bucket: string
  prefix: string
}

export function isS3SeedKey(key: string): boolean {
  return key.startsWith(S3_SEED_PREFIX)
}

/**
 * ARNs name their partition: `arn:PARTITION:SERVICE:...`, PARTITION being `aws`, `aws-cn`,
 * `aws-us-gov`, ... (AWS General Reference, "Amazon Resource Names"). s3-seed takes it from the
 * caller's own ARN (STS GetCallerIdentity) and builds every ARN with it: an `arn:aws:` resource in a
 * policy of another partition grants nothing.
 */
export function partitionOf(arn: string): string | undefined {
  return /^arn:([a-z-]+):/.exec(arn)?.[1]
}

export function bucketArn(bucket: string, partition: string): string {
  return `arn:${partition}:s3:::${bucket}`
}

export function objectArn(bucket: string, key: string, partition: string): string {
  return `arn:${partition}:s3:::${bucket}/${key}`
}

/** The IAM resource for every object in a place. */
export function placeArn(place: Place, partition: string): string {
  return objectArn(place.bucket, `${place.prefix}*`, partition)
}

/** An IAM role's ARN (IAM is global: no Region). */
export function roleArn(name: string, accountId: string, partition: string): string {
  return `arn:${partition}:iam::${accountId}:role/${name}`
}

/** A KMS key's ARN from its ID, Region and account. */
export function kmsKeyArn(keyId: string, region: string, accountId: string, partition: string): string {
  return `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`
}

/** `arn:aws:s3:::bucket` (any partition) or a plain name → the bucket name. */
export function bucketOfArn(arnOrName: string): string {
  return arnOrName.replace(/^arn:[^:]+:s3:::/, '')
}

/** `arn:aws:s3:::bucket/key` → its bucket and key; undefined for anything else. */
export function parseObjectArn(arn: string): { bucket: string; key: string } | undefined {
  const match = /^arn:[^:]+:s3:::([^/]+)\/(.+)$/.exec(arn)
  return match === null ? undefined : { bucket: match[1] as string, key: match[2] as string }
}

export function s3Uri(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`
}

export function withSlash(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`
}

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}

/**
 * The manifests of one destination sit in one folder of the manifest bucket: the pair's manifest and
 * the retry manifests next to it. The role of the pair may read that folder and nothing else.
 */
export function manifestFolder(manifestPrefix: string, destination: string): string {
  return `${manifestPrefix}${destination}/`
}

/**
 * A stable manifest key per pair and prefix: a re-run uploads the same content to the same place,
 * gets the same ETag, sends the same CreateJob and so finds the job it created before (job-input.ts).
 */
export function pairManifestKey(manifestPrefix: string, source: string, destination: string, prefix: string): string {
  return `${manifestFolder(manifestPrefix, destination)}${shortHash(`${source}\n${destination}\n${prefix}`, 16)}.csv`
}

/** The manifest of `retry JOB_ID`, beside the manifest of the job it retries (where the same role may read). */
export function retryManifestKey(retriedManifestKey: string, jobId: string): string {
  return `${retriedManifestKey.replace(/[^/]*$/, '')}retry-${jobId}.csv`
}

/** Where S3's manifest generator writes (ManifestOutputLocation.ManifestPrefix), in the manifest bucket. */
export function generatedManifestPrefix(manifestPrefix: string): string {
  return `${manifestPrefix}generated`
}

/** The generated manifest of one job: `<ManifestPrefix>/job-<id>/manifest.json` [sandbox; inferred for AWS]. */
export function generatedManifestKey(manifestPrefix: string, jobId: string): string {
  return `${generatedManifestPrefix(manifestPrefix)}/job-${jobId}/manifest.json`
}

/** A report prefix as the job wants it: no trailing slash (S3 adds `/job-<id>/`, UG batch-ops-examples-reports). */
export function reportPrefixOf(prefix: string): string {
  return prefix.replace(/\/+$/, '')
}

/** The keys under which a job writes its completion report. */
function reportFolder(reportPrefix: string): string {
  return reportPrefix === '' ? '' : `${reportPrefix}/`
}

/** The report's manifest.json, which names the result CSVs (UG batch-ops-examples-reports). */
export function reportManifestKey(reportPrefix: string, jobId: string): string {
  return `${reportFolder(reportPrefix)}job-${jobId}/manifest.json`
}

/**
 * The folder of an S3 Inventory configuration: manifest.json sits in a dated folder
 * (`<prefix>/<source>/<config>/YYYY-MM-DDTHH-MMZ/manifest.json`) and the data files it names in the
 * sibling `data/` folder (UG storage-inventory-location), so a job reads both from the parent.
 */
export function inventoryFolder(manifestJsonKey: string): string {
  return manifestJsonKey.split('/').slice(0, -2).map((segment) => `${segment}/`).join('')
}

/**
 * A stable role name per bucket pair: readable, at most 64 characters (IAM's limit), and the same on
 * every run so re-runs update the role instead of creating another.
 */
export function defaultRoleName(source: string, destination: string): string {
  return `${ROLE_NAME_PREFIX}${destination.slice(0, 40)}-${shortHash(`${source}\n${destination}`, 10)}`
}

/** A job's Description (1–256 characters, S3 Control model): how s3-seed recognises its jobs. */
export function jobDescription(source: string, destination: string, prefix: string): string {
  return `${JOB_DESCRIPTION_PREFIX}${source} -> ${destination}${prefix ? ` (${prefix})` : ''}`.slice(0, 256)
}

export function retryJobDescription(source: string, destination: string, retriedJobId: string): string {
  return `${JOB_DESCRIPTION_PREFIX}${source} -> ${destination} (retry of ${retriedJobId})`.slice(0, 256)
}

export function isSeedJobDescription(description: string | undefined): boolean {
  return description?.startsWith(JOB_DESCRIPTION_PREFIX) ?? false
}
