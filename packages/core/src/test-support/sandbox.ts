import { CreateBucketCommand, PutBucketReplicationCommand, PutBucketVersioningCommand, PutObjectCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { createClients, type SeedClients } from '../aws/clients.js'
import type { Sleep } from '../util/sleep.js'

/** Core's own clients, pointed at the sandbox; one attempt per call so errors surface at once. */
export function sandboxClients(sandbox: Sandbox, region = sandbox.region, maxAttempts = 1): SeedClients {
  const endpoint = sandbox.endpoint
  return createClients({
    region,
    credentials: sandbox.credentials,
    endpoints: { s3: endpoint, s3control: endpoint, iam: endpoint, sts: endpoint },
    maxAttempts,
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

export async function putObjects(clients: SeedClients, bucket: string, keys: string[], body = (key: string) => `content of ${key}`): Promise<void> {
  const s3 = clients.s3('us-east-1')
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
