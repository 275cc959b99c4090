import { CreateKeyCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms'
import { GetObjectAclCommand, ListObjectsV2Command, PutBucketEncryptionCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3'
import { ListRolesCommand } from '@aws-sdk/client-iam'
import { ListJobsCommand } from '@aws-sdk/client-s3-control'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createClients, type SeedClients } from '../aws/clients.js'
import { InvalidInputError } from '../errors.js'
import { seed } from '../seed.js'
import { createBucket, putObjects, replicateInPartition, sandboxClients, shortSleep } from '../test-support/sandbox.js'

// Source and role in account A (the sandbox's first), destination in account B, IAM enforced. B lets
// A's account read its bucket's settings (what s3-seed's own calls need); the job's role is let in
// only by the statement s3-seed prints.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

const B = '222222222222'
const KEYS = ['one.txt', 'dir/two.txt']
let a: SeedClients
let b: SeedClients
let canonicalB: string
let files = 0
const profileDir = mkdtempSync(join(tmpdir(), 's3-seed-profiles-'))
const saved = { credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE }

beforeAll(() => {
  process.env.AWS_CONFIG_FILE = join(profileDir, 'config')
  writeFileSync(process.env.AWS_CONFIG_FILE, '')
})
afterAll(() => {
  for (const [name, value] of [['AWS_SHARED_CREDENTIALS_FILE', saved.credentials], ['AWS_CONFIG_FILE', saved.config]] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

beforeEach(async () => {
  const accountB = await sandbox.createAccount(B)
  canonicalB = accountB.canonicalUserId
  // --destination-profile b reads the shared credentials file, as the AWS CLI and SDKs do. The SDK
  // caches a file by its path, and B's keys change with every reset: a new file each time.
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(profileDir, `credentials-${++files}`)
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, `[b]\naws_access_key_id = ${accountB.credentials.accessKeyId}\naws_secret_access_key = ${accountB.credentials.secretAccessKey}\n`)
  a = sandboxClients(sandbox)
  const endpoint = sandbox.endpoint
  b = createClients({ region: 'us-east-1', credentials: accountB.credentials, endpoints: { s3: endpoint, s3control: endpoint, iam: endpoint, sts: endpoint, kms: endpoint } })
  await createBucket(a, 'xa-source', { versioned: true })
  await putObjects(a, 'xa-source', KEYS)
  await createBucket(b, 'xb-destination', { versioned: true })
  await b.s3('us-east-1').send(new PutBucketOwnershipControlsCommand({ Bucket: 'xb-destination', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }))
  await putPolicy([])
  await sandbox.setIamEnforcement(true)
})

/** B's bucket policy: A's account may read the bucket's settings and list it, plus `extra`. */
async function putPolicy(extra: object[]): Promise<void> {
  const readSettings = {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${sandbox.accountId}:root` },
    Action: ['s3:GetBucketLocation', 's3:GetBucketVersioning', 's3:GetEncryptionConfiguration', 's3:ListBucket', 's3:GetBucketOwnershipControls'],
    Resource: ['arn:aws:s3:::xb-destination'],
  }
  await b.s3('us-east-1').send(new PutBucketPolicyCommand({ Bucket: 'xb-destination', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [readSettings, ...extra] }) }))
}

/** The statement s3-seed printed for one policy (`bucket policy of …: {…}` or `key policy of …: {…}`). */
function printed(message: string, which: 'bucket' | 'key'): object {
  const line = message.split('\n').find((text) => text.trim().startsWith(`${which} policy of`)) ?? ''
  return JSON.parse(line.slice(line.indexOf('{')))
}

async function refusal(options: Parameters<typeof seed>[0]): Promise<string> {
  try {
    await seed(options, { clients: a, sleep: shortSleep, pollIntervalMs: 10 })
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError)
    return (error as Error).message
  }
  throw new Error('expected the seeding to be refused')
}

async function ownedByB(): Promise<void> {
  for (const key of KEYS) expect((await b.s3('us-east-1').send(new GetObjectAclCommand({ Bucket: 'xb-destination', Key: key }))).Owner?.ID).toBe(canonicalB)
}

const pair = { source: 'xa-source', destination: 'xb-destination', destinationAccount: B, destinationProfile: 'b' }

describe('a destination in another account (IAM enforced)', () => {
  it('refuses before creating anything when its bucket policy does not let the role write; with the printed statement, copies everything, owned by B', async () => {
    const message = await refusal(pair)
    expect(message).toMatch(/xb-destination is in account 222222222222, and the bucket policy of xb-destination \(read with --destination-profile b\) does not let the job's role/)
    expect((await a.iam.send(new ListRolesCommand({}))).Roles ?? []).toEqual([])
    expect((await a.s3control('us-east-1').send(new ListJobsCommand({ AccountId: sandbox.accountId }))).Jobs ?? []).toEqual([])

    await putPolicy([printed(message, 'bucket')])
    const result = await seed(pair, { clients: a, sleep: shortSleep, pollIntervalMs: 10 })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2, failed: 0 } })
    await ownedByB()
  })

  it('the same with an SSE-KMS destination whose key is in B: the key policy is checked and printed too', async () => {
    const { KeyMetadata } = await b.kms('us-east-1').send(new CreateKeyCommand({ Description: 'b-default' }))
    const key = KeyMetadata?.Arn as string
    await b.s3('us-east-1').send(new PutBucketEncryptionCommand({ Bucket: 'xb-destination', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } }] } }))
    const first = await refusal(pair)
    await putPolicy([printed(first, 'bucket')])
    const second = await refusal(pair)
    expect(second).toContain(`the key policy of ${key}`)
    const keyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'kms:*', Resource: '*' }, printed(second, 'key')] }
    await b.kms('us-east-1').send(new PutKeyPolicyCommand({ KeyId: key, PolicyName: 'default', Policy: JSON.stringify(keyPolicy) }))
    const result = await seed(pair, { clients: a, sleep: shortSleep, pollIntervalMs: 10 })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2, failed: 0 } })
    await ownedByB()
  })

  it('without --destination-profile, prints the statements and goes on; the tasks then fail AccessDenied', async () => {
    const warnings: string[] = []
    const result = await seed({ source: 'xa-source', destination: 'xb-destination', destinationAccount: B }, { clients: a, sleep: shortSleep, pollIntervalMs: 10, retryRounds: 0, onEvent: (event) => void (event.type === 'warning' && warnings.push(event.message)) })
    expect(warnings.join('\n')).toMatch(/xb-destination is in account 222222222222: its owner must let the job's role .* in \(pass --destination-profile to check first\)/)
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.report?.failures).toMatchObject([{ errorCode: 'AccessDenied' }])
  })

  it('Batch Replication into B: the replication role let in by B, the report kept in A; every object replicated', async () => {
    await replicateInPartition(a, 'xa-source', 'xb-destination', { region: 'us-east-1', partition: 'aws', accountId: sandbox.accountId })
    await putPolicy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${sandbox.accountId}:role/replication-xa-source` }, Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: 'arn:aws:s3:::xb-destination/*' }])
    const result = await seed({ ...pair, operation: 'replicate' }, { clients: a, sleep: shortSleep, pollIntervalMs: 10 })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2, failed: 0 } })
    expect(result.plan.report).toMatchObject({ enabled: true, bucket: 'xa-source' })
    await ownedByB()
  })

  it('never writes a manifest into a bucket of another account: the request is pinned to the caller and refused', async () => {
    // A bucket name of B's, given by mistake (or sniped), that even lets anyone write.
    await createBucket(b, 'xb-open')
    await b.s3('us-east-1').send(new PutBucketPolicyCommand({ Bucket: 'xb-open', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::xb-open', 'arn:aws:s3:::xb-open/*'] }] }) }))
    const attempt = seed({ source: 'xa-source', destination: 'xb-destination', destinationAccount: B, manifestBucket: 'xb-open' }, { clients: a, sleep: shortSleep, pollIntervalMs: 10 })
    await expect(attempt).rejects.toThrow(/AccessDenied/)
    const { Contents } = await b.s3('us-east-1').send(new ListObjectsV2Command({ Bucket: 'xb-open' }))
    expect(Contents ?? []).toEqual([])
  })

  it('a destination that still uses ACLs (BucketOwnerPreferred): the copies carry bucket-owner-full-control, so B owns them', async () => {
    await b.s3('us-east-1').send(new PutBucketOwnershipControlsCommand({ Bucket: 'xb-destination', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } }))
    await putPolicy([printed(await refusal(pair), 'bucket')])
    const result = await seed(pair, { clients: a, sleep: shortSleep, pollIntervalMs: 10 })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.plan.copy.cannedAcl).toBe('bucket-owner-full-control')
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2, failed: 0 } })
    await ownedByB()
  })
})
