import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SandboxAccount } from './accounts.js'
import { SANDBOX_ACCOUNT_ID, type Sandbox } from './sandbox.js'
import { ACCOUNT_B, outcome } from './test-support/accounts.js'
import { BATCH_TRUST_POLICY, createBucket, testClients, type TestClients } from './test-support/clients.js'
import { useSandbox } from './testing.js'

let sandbox: Sandbox
let a: TestClients
let b: TestClients
let accountB: SandboxAccount

useSandbox((started) => (sandbox = started))
beforeEach(async () => {
  accountB = await sandbox.createAccount(ACCOUNT_B)
  a = testClients(sandbox)
  b = testClients(sandbox, sandbox.region, { credentials: accountB.credentials })
})

const callerOf = (credentials: SandboxAccount['credentials']) =>
  new STSClient({ endpoint: sandbox.endpoint, region: sandbox.region, credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}))

describe('accounts', () => {
  it('creates an account whose admin STS knows, through the API and the admin route alike', async () => {
    expect(await callerOf(accountB.credentials)).toMatchObject({ Account: ACCOUNT_B, Arn: `arn:aws:iam::${ACCOUNT_B}:user/sandbox-admin` })
    expect(await callerOf(sandbox.credentials)).toMatchObject({ Account: SANDBOX_ACCOUNT_ID })
    // Asking again returns the same account; the admin route answers in the reset's shape, plus the IDs.
    expect(await sandbox.createAccount(ACCOUNT_B)).toEqual(accountB)
    const response = await fetch(`${sandbox.endpoint}/_sandbox/accounts`, { method: 'POST', body: JSON.stringify({ accountId: '333333333333' }) })
    const created = (await response.json()) as SandboxAccount
    expect(response.status).toBe(201)
    expect(created).toMatchObject({ accountId: '333333333333', credentials: { accessKeyId: expect.any(String), secretAccessKey: expect.any(String) } })
    expect((await callerOf(created.credentials)).Account).toBe('333333333333')
    expect(sandbox.accountEnv('333333333333')).toMatchObject({ AWS_ACCESS_KEY_ID: created.credentials.accessKeyId, AWS_ENDPOINT_URL_S3: sandbox.endpoint })
    const bad = await fetch(`${sandbox.endpoint}/_sandbox/accounts`, { method: 'POST', body: JSON.stringify({ accountId: '42' }) })
    expect(bad.status).toBe(400)
  })

  it('keeps IAM and bucket lists apart, and gives each account its own canonical user ID', async () => {
    await createBucket(b.s3, 'bucket-of-b')
    await createBucket(a.s3, 'bucket-of-a')
    expect((await a.s3.send(new ListBucketsCommand({}))).Buckets?.map((bucket) => bucket.Name)).toEqual(['bucket-of-a'])
    const listedByB = await b.s3.send(new ListBucketsCommand({}))
    expect(listedByB.Buckets?.map((bucket) => bucket.Name)).toEqual(['bucket-of-b'])
    expect(listedByB.Owner?.ID).toBe(accountB.canonicalUserId)
    expect((await a.s3.send(new ListBucketsCommand({}))).Owner?.ID).not.toBe(accountB.canonicalUserId)
    // The same role name in two accounts: two roles, each with its account in its ARN.
    const role = (iam: TestClients['iam']) => iam.send(new CreateRoleCommand({ RoleName: 'same-name', AssumeRolePolicyDocument: BATCH_TRUST_POLICY }))
    expect((await role(a.iam)).Role?.Arn).toBe(`arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/same-name`)
    expect((await role(b.iam)).Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT_B}:role/same-name`)
  })

  it('keeps bucket names global: another account sees the bucket, and is refused, never told NoSuchBucket', async () => {
    await createBucket(b.s3, 'global-name')
    await b.s3.send(new PutObjectCommand({ Bucket: 'global-name', Key: 'k', Body: 'of b' }))
    expect(await outcome(a.s3.send(new CreateBucketCommand({ Bucket: 'global-name' })))).toBe('409 BucketAlreadyExists')
    await sandbox.setIamEnforcement(true)
    expect(await outcome(a.s3.send(new GetObjectCommand({ Bucket: 'global-name', Key: 'k' })))).toBe('403 AccessDenied')
    expect(await outcome(b.s3.send(new GetObjectCommand({ Bucket: 'global-name', Key: 'k' })))).toBe('ok')
  })

  it('forgets the accounts it made on reset', async () => {
    await sandbox.reset()
    expect(() => sandbox.accountEnv(ACCOUNT_B)).toThrow(/no account 222222222222/)
    // moto takes an access key no account has for its default account.
    expect((await callerOf(accountB.credentials)).Account).toBe(SANDBOX_ACCOUNT_ID)
    expect((await sandbox.createAccount(ACCOUNT_B)).credentials).not.toEqual(accountB.credentials)
  })
})
