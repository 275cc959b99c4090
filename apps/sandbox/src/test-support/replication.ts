import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  type HeadObjectCommandOutput,
  type ReplicationRule,
  type S3Client,
} from '@aws-sdk/client-s3'
import { createBucket } from './clients.js'

export const REPLICATION_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
})

/** The live-replication role policy of UG setting-repl-config-perm-overview, for the given buckets. */
export function replicationPolicy(sources: string[], destinations: string[]): object[] {
  const statements = [
    { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: sources.map((bucket) => `arn:aws:s3:::${bucket}`) },
    {
      Effect: 'Allow',
      Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      Resource: sources.map((bucket) => `arn:aws:s3:::${bucket}/*`),
    },
    { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: destinations.map((bucket) => `arn:aws:s3:::${bucket}/*`) },
  ]
  return statements.filter((statement) => statement.Resource.length > 0)
}

/** Creates a role that S3 (s3.amazonaws.com) may assume, with the given policy statements. */
export async function createReplicationRole(iam: IAMClient, name: string, statements: object[], trust = REPLICATION_TRUST_POLICY): Promise<string> {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'replication', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }))
  return Role?.Arn ?? ''
}

export async function createVersionedBucket(s3: S3Client, bucket: string, region?: string): Promise<void> {
  await createBucket(s3, bucket, region)
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
}

/** A V2 rule (with a Filter) replicating `prefix` to `destination`; override any member. */
export function rule(destination: string, overrides: Partial<ReplicationRule> = {}): ReplicationRule {
  return {
    ID: `to-${destination}`,
    Priority: 1,
    Status: 'Enabled',
    Filter: { Prefix: '' },
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: { Bucket: `arn:aws:s3:::${destination}` },
    ...overrides,
  }
}

export async function putReplication(s3: S3Client, bucket: string, role: string, rules: ReplicationRule[]): Promise<void> {
  await s3.send(new PutBucketReplicationCommand({ Bucket: bucket, ReplicationConfiguration: { Role: role, Rules: rules } }))
}

/** HEAD, or undefined when the object (version) is not there. */
export async function head(s3: S3Client, bucket: string, key: string, versionId?: string): Promise<HeadObjectCommandOutput | undefined> {
  return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) })).catch((error: { $metadata?: { httpStatusCode?: number } }) => {
    if (error.$metadata?.httpStatusCode === 404) return undefined
    throw error
  })
}

export async function bodyOf(s3: S3Client, bucket: string, key: string, versionId?: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }))
  return (await Body?.transformToString()) ?? ''
}
