import {
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketOwnershipControlsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SandboxAccount } from '../accounts.js'
import { SANDBOX_ACCOUNT_ID, type Sandbox } from '../sandbox.js'
import { ACCOUNT_B, createUser, outcome, policyDocument, putBucketPolicy } from '../test-support/accounts.js'
import { awsCli, independentClientEnv } from '../test-support/cli.js'
import { createBucket, testClients, type TestClients } from '../test-support/clients.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let a: TestClients
let b: TestClients
let accountB: SandboxAccount

const A_ROOT = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:root`
const read = (s3: S3Client, Key = 'k', extra: object = {}) => s3.send(new GetObjectCommand({ Bucket: 'b-data', Key, ...extra }))
const list = (s3: S3Client, extra: object = {}) => s3.send(new ListObjectsV2Command({ Bucket: 'b-data', ...extra }))
const write = (s3: S3Client, Key = 'new', extra: object = {}) => s3.send(new PutObjectCommand({ Bucket: 'b-data', Key, Body: 'x', ...extra }))

useSandbox((started) => (sandbox = started))
beforeEach(async () => {
  accountB = await sandbox.createAccount(ACCOUNT_B)
  a = testClients(sandbox)
  b = testClients(sandbox, sandbox.region, { credentials: accountB.credentials })
  await createBucket(b.s3, 'b-data')
  for (const key of ['k', 'secret/s']) await b.s3.send(new PutObjectCommand({ Bucket: 'b-data', Key: key, Body: key }))
  await createBucket(a.s3, 'a-data')
})

describe('a call into another account’s bucket, IAM enforcement on (UG how-s3-evaluates-access-control)', () => {
  beforeEach(() => sandbox.setIamEnforcement(true))

  it('is refused without a bucket policy, and allowed when the bucket policy names the caller’s account', async () => {
    expect([await outcome(read(a.s3)), await outcome(list(a.s3)), await outcome(write(a.s3))]).toEqual(['403 AccessDenied', '403 AccessDenied', '403 AccessDenied'])
    await putBucketPolicy(b.s3, 'b-data',
      { Effect: 'Allow', Principal: { AWS: A_ROOT }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b-data/*' },
      { Effect: 'Allow', Principal: { AWS: SANDBOX_ACCOUNT_ID }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b-data' },
    )
    expect(await (await read(a.s3)).Body?.transformToString()).toBe('k')
    expect((await list(a.s3)).KeyCount).toBe(2)
    expect(await outcome(write(a.s3))).toBe('403 AccessDenied')
  })

  it('needs the caller’s identity policy too: a bucket policy for the account does not grant to its users', async () => {
    await putBucketPolicy(b.s3, 'b-data', { Effect: 'Allow', Principal: { AWS: A_ROOT }, Action: 's3:*', Resource: ['arn:aws:s3:::b-data', 'arn:aws:s3:::b-data/*'] })
    // s3:ResourceAccount (an identity-policy condition) limits the user to its own account's buckets…
    const ownOnly = await createUser(a.iam, 'own-only', { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': SANDBOX_ACCOUNT_ID } } })
    const asOwnOnly = testClients(sandbox, sandbox.region, { credentials: ownOnly }).s3
    expect(await outcome(read(asOwnOnly))).toMatch(/^403 AccessDenied/)
    expect(await outcome(asOwnOnly.send(new ListObjectsV2Command({ Bucket: 'a-data' })))).toBe('ok')
    // …and a user allowed both accounts may read.
    const both = await createUser(a.iam, 'both', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': [SANDBOX_ACCOUNT_ID, ACCOUNT_B] } } })
    expect(await outcome(read(testClients(sandbox, sandbox.region, { credentials: both }).s3))).toBe('ok')
  })

  it('takes a bucket policy naming one principal: that user may, another user of the same account may not', async () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b-data/*' }
    const named = await createUser(a.iam, 'named', statement)
    const other = await createUser(a.iam, 'other', statement)
    await putBucketPolicy(b.s3, 'b-data', { ...statement, Principal: { AWS: [`arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/named`] } })
    expect(await outcome(read(testClients(sandbox, sandbox.region, { credentials: named }).s3))).toBe('ok')
    expect(await outcome(read(testClients(sandbox, sandbox.region, { credentials: other }).s3))).toBe('403 AccessDenied')
  })

  it('lets an explicit Deny in the bucket policy win, for the bucket owner’s account too', async () => {
    await putBucketPolicy(b.s3, 'b-data',
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b-data/*' },
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b-data/secret/*' },
    )
    expect([await outcome(read(a.s3)), await outcome(read(a.s3, 'secret/s')), await outcome(read(b.s3, 'secret/s'))]).toEqual(['ok', '403 AccessDenied', '403 AccessDenied'])
    expect(await outcome(read(b.s3))).toBe('ok')
  })

  it('checks every key of a DeleteObjects, and keeps bucket policies to the owner’s account (405)', async () => {
    await putBucketPolicy(b.s3, 'b-data', { Effect: 'Allow', Principal: { AWS: A_ROOT }, Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b-data/k' })
    const remove = (Key: string) => a.s3.send(new DeleteObjectsCommand({ Bucket: 'b-data', Delete: { Objects: [{ Key: 'k' }, { Key }] } }))
    expect(await outcome(remove('secret/s'))).toBe('403 AccessDenied')
    expect(await outcome(remove('k'))).toBe('ok')
    expect(await outcome(a.s3.send(new GetBucketPolicyCommand({ Bucket: 'b-data' })))).toBe('405 MethodNotAllowed')
    expect(await outcome(b.s3.send(new GetBucketPolicyCommand({ Bucket: 'b-data' })))).toBe('ok')
  })
})

describe('bucket owners and object ownership, enforcement off as on', () => {
  it.each([
    ['PutObject', (s3: S3Client, owner: string) => s3.send(new PutObjectCommand({ Bucket: 'a-data', Key: 'k', Body: 'x', ExpectedBucketOwner: owner }))],
    ['GetObject', (s3: S3Client, owner: string) => s3.send(new GetObjectCommand({ Bucket: 'a-data', Key: 'k', ExpectedBucketOwner: owner }))],
    ['ListObjectsV2', (s3: S3Client, owner: string) => s3.send(new ListObjectsV2Command({ Bucket: 'a-data', ExpectedBucketOwner: owner }))],
  ])('%s with ExpectedBucketOwner: 403 AccessDenied unless it names the owner (UG bucket-owner-condition)', async (_name, call) => {
    await a.s3.send(new PutObjectCommand({ Bucket: 'a-data', Key: 'k', Body: 'x' }))
    expect(await outcome(call(a.s3, ACCOUNT_B))).toBe('403 AccessDenied')
    expect(await outcome(call(a.s3, SANDBOX_ACCOUNT_ID))).toBe('ok')
  })

  it('refuses ACLs on a BucketOwnerEnforced bucket but bucket-owner-full-control, and makes the bucket owner own every object', async () => {
    await b.s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'b-data', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }))
    expect(await outcome(write(a.s3, 'public', { ACL: 'public-read' }))).toBe('400 AccessControlListNotSupported')
    await write(a.s3, 'from-a', { ACL: 'bucket-owner-full-control' })
    expect((await b.s3.send(new GetObjectAclCommand({ Bucket: 'b-data', Key: 'from-a' }))).Owner?.ID).toBe(accountB.canonicalUserId)
    await createBucket(b.s3, 'b-writer-owns')
    await a.s3.send(new PutObjectCommand({ Bucket: 'b-writer-owns', Key: 'from-a', Body: 'x' }))
    expect((await b.s3.send(new GetObjectAclCommand({ Bucket: 'b-writer-owns', Key: 'from-a' }))).Owner?.ID).not.toBe(accountB.canonicalUserId)
    const listed = await b.s3.send(new ListObjectsV2Command({ Bucket: 'b-data', FetchOwner: true }))
    expect(new Set(listed.Contents?.map((object) => object.Owner?.ID))).toEqual(new Set([accountB.canonicalUserId]))
  })
})

// The AWS CLI is an independent client: the same answers through botocore's own signing and parsing.
describe('the AWS CLI across accounts', { timeout: 180_000 }, () => {
  it('is refused, then allowed by the bucket policy B puts, and pinned by --expected-bucket-owner', async () => {
    const asA = independentClientEnv(sandbox)
    const asB = { ...asA, ...sandbox.accountEnv(ACCOUNT_B) }
    const headObject = (...extra: string[]) => awsCli(asA, 's3api', 'head-object', '--bucket', 'b-data', '--key', 'k', ...extra).then(() => 'ok', (error: { stderr: string }) => error.stderr)
    await sandbox.setIamEnforcement(true)
    expect(await headObject()).toMatch(/403|Forbidden/)
    const policy = policyDocument({ Effect: 'Allow', Principal: { AWS: A_ROOT }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b-data/*' })
    await awsCli(asB, 's3api', 'put-bucket-policy', '--bucket', 'b-data', '--policy', policy)
    expect(await headObject('--expected-bucket-owner', ACCOUNT_B)).toBe('ok')
    expect(await headObject('--expected-bucket-owner', SANDBOX_ACCOUNT_ID)).toMatch(/403|Forbidden/)
  })
})
