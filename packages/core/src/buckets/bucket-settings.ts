import {
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  type ReplicationRule,
  type S3Client,
} from '@aws-sdk/client-s3'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { InvalidInputError } from '../errors.js'
import { bucketOfArn } from '../layout.js'

/**
 * A bucket's Region. GetBucketLocation answers an empty LocationConstraint for us-east-1 and the
 * legacy `EU` for eu-west-1 (S3 model GetBucketLocationOutput).
 */
export async function bucketRegion(s3: S3Client, bucket: string, flag: string, expectedOwner?: string): Promise<string> {
  try {
    const { LocationConstraint } = await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))
    if (!LocationConstraint) return 'us-east-1'
    return LocationConstraint === 'EU' ? 'eu-west-1' : LocationConstraint
  } catch (error) {
    if (awsErrorCode(error) === 'NoSuchBucket') {
      throw new InvalidInputError(`${flag} bucket "${bucket}" does not exist (or is in another partition). Check the name.`, flag)
    }
    // The request carried ExpectedBucketOwner: a 403 means another account owns it, or no access.
    if (expectedOwner !== undefined && awsErrorCode(error) === 'AccessDenied') {
      throw new InvalidInputError(
        `${flag} bucket "${bucket}" is not owned by account ${expectedOwner}, or you may not read its location (s3:GetBucketLocation). If another account owns it, name it with --destination-account; check the bucket name.`,
        '--destination-account',
      )
    }
    throw wrapAwsError(error, 'GetBucketLocation', `Finding the Region of bucket ${bucket}`)
  }
}

export async function versioningEnabled(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    return (await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status === 'Enabled'
  } catch (error) {
    throw wrapAwsError(error, 'GetBucketVersioning', `Reading the versioning of bucket ${bucket}`)
  }
}

/** The replication configuration of `source`: its role and every rule, enabled or not; none when it has no configuration. */
export async function replicationConfiguration(s3: S3Client, source: string): Promise<{ role: string | undefined; rules: ReplicationRule[] }> {
  try {
    const { ReplicationConfiguration } = await s3.send(new GetBucketReplicationCommand({ Bucket: source }))
    return { role: ReplicationConfiguration?.Role, rules: ReplicationConfiguration?.Rules ?? [] }
  } catch (error) {
    if (awsErrorCode(error) === 'ReplicationConfigurationNotFoundError') return { role: undefined, rules: [] }
    throw wrapAwsError(error, 'GetBucketReplication', `Reading the replication configuration of ${source}`)
  }
}

/** Every replication rule of `source`, enabled or not; none when it has no replication configuration. */
export async function replicationRules(s3: S3Client, source: string): Promise<ReplicationRule[]> {
  return (await replicationConfiguration(s3, source)).rules
}

/** The configuration's role, and its enabled rules that send objects from `source` to `destination`. */
export async function replicationTo(s3: S3Client, source: string, destination: string): Promise<{ role: string | undefined; rules: ReplicationRule[] }> {
  const { role, rules } = await replicationConfiguration(s3, source)
  // A rule names its destination by ARN, in the bucket's own partition: compare bucket names.
  return { role, rules: rules.filter((rule) => rule.Status === 'Enabled' && bucketOfArn(rule.Destination?.Bucket ?? '') === destination) }
}

/** The enabled replication rules of `source` that send objects to `destination`. */
export async function replicationRulesTo(s3: S3Client, source: string, destination: string): Promise<ReplicationRule[]> {
  return (await replicationTo(s3, source, destination)).rules
}

/**
 * Whether the bucket enforces bucket-owner ownership (ACLs disabled; the default for new buckets, UG
 * about-object-ownership). False when it has no ownership controls, or they cannot be read (another
 * account's bucket): ACLs may then apply, and a copy into another account then needs
 * bucket-owner-full-control for the owner to own it.
 */
export async function ownerEnforced(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    const { OwnershipControls } = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))
    return OwnershipControls?.Rules?.some((rule) => rule.ObjectOwnership === 'BucketOwnerEnforced') ?? false
  } catch {
    return false
  }
}
