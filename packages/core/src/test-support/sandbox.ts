import { CreateBucketCommand, PutBucketReplicationCommand, PutBucketVersioningCommand, PutObjectCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3'
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import type { Sandbox } from '@s3-seed/sandbox'
import { createClients, type SeedClients } from '../aws/clients.js'
import type { ListRequestPath } from '../aws/lean/list-request-choice.js'
import type { Sleep } from '../util/sleep.js'

/** Core's own clients, pointed at the sandbox; one attempt per call so errors surface at once. */
export function sandboxClients(sandbox: Sandbox, region = sandbox.region, maxAttempts = 1, listRequests: ListRequestPath = 'lean'): SeedClients {
  const endpoint = sandbox.endpoint
  return createClients({
    region,
    credentials: sandbox.credentials,
    endpoints: { s3: endpoint, s3control: endpoint, iam: endpoint, sts: endpoint, kms: endpoint },
    maxAttempts,
    listRequests,
  })
}

export async function createBucket(clients: SeedClients, bucket: string, options: { region?: string; versioned?: boolean } = {}): Promise<void> {
  const region = options.region ?? 'us-east-1'
  const s3 = clients.s3(region)
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  )
  if (options.versioned) await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
}

export async function putObjects(clients: SeedClients, bucket: string, keys: string[], body = (key: string) => `content of ${key}`, region = 'us-east-1'): Promise<void> {
  const s3 = clients.s3(region)
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body(key) }))
}

export async function replicate(clients: SeedClients, source: string, destination: string): Promise<void> {
  await clients.s3('us-east-1').send(
    new PutBucketReplicationCommand({
      Bucket: source,
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::123456789012:role/replication',
        Rules: [{ ID: 'all', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${destination}` } }],
      },
    }),
  )
}

/** A sleep that waits a little for real, so the sandbox's jobs move between polls. */
export const shortSleep: Sleep = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, Math.min(ms, 20))
  signal?.addEventListener('abort', () => {
    clearTimeout(timer)
    reject(signal.reason)
  })
})

export const AWKWARD_KEYS = [
  'plain.txt',
  'with space/and more.txt',
  'plus+sign',
  'percent%25 and %',
  'comma,name.csv',
  `quotes "double" 'single'`,
  'ünïcödé/日本語/😀.txt',
  'deep/a/b/c/d/e/f/g/h/file',
  'symbols !*()~&=:@;$#[]',
  'trailing/',
  ' leading space',
]

/**
 * An enabled rule from `source` to `destination` in another partition and Region, with a replication
 * role that may replicate (trusts s3.amazonaws.com; UG setting-repl-config-perm-overview), so live
 * and Batch Replication work under IAM enforcement.
 */
export async function replicateInPartition(clients: SeedClients, source: string, destination: string, where: { region: string; partition: string; accountId: string }): Promise<void> {
  const arn = (resource: string) => `arn:${where.partition}:s3:::${resource}`
  const roleName = `replication-${source}`
  await clients.iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  )
  const statements = [
    { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: arn(source) },
    { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: arn(`${source}/*`) },
    { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: arn(`${destination}/*`) },
  ]
  await clients.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'replicate', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }))
  await clients.s3(where.region).send(
    new PutBucketReplicationCommand({
      Bucket: source,
      ReplicationConfiguration: {
        Role: `arn:${where.partition}:iam::${where.accountId}:role/${roleName}`,
        Rules: [{ ID: 'all', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: arn(destination) } }],
      },
    }),
  )
}
