import { ListRolesCommand } from '@aws-sdk/client-iam'
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand, ListJobsCommand, type CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { execFile } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { Credentials } from '../aws-clients.js'
import { sandboxEnv, type Sandbox } from '../sandbox.js'
import { independentClientEnv } from '../test-support/cli.js'
import { createBatchRole, createBucket, putManifest, testClients } from '../test-support/clients.js'
import { useSandbox } from '../testing.js'
import type { TemporaryCredentials } from './sessions.js'

const run = promisify(execFile)

let sandbox: Sandbox
useSandbox((started) => (sandbox = started))

function sts(credentials: Credentials): STSClient {
  return new STSClient({ region: sandbox.region, endpoint: sandbox.endpoint, credentials, maxAttempts: 1 })
}

/** Waits until the credentials' expiration has passed (their lifetime is a second or two). */
async function untilExpired(credentials: TemporaryCredentials): Promise<void> {
  await sleep(Math.max(0, credentials.expiration.getTime() - Date.now()) + 20)
}

function copyJob(roleArn: string, etag: string, token: string): CreateJobCommandInput {
  return {
    AccountId: sandbox.accountId,
    ClientRequestToken: token,
    ConfirmationRequired: false,
    Priority: 1,
    RoleArn: roleArn,
    Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::temp-destination' } },
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: 'arn:aws:s3:::temp-source/manifest.csv', ETag: etag },
    },
    Report: { Enabled: false },
  }
}

describe('temporary credentials', () => {
  it('act as the admin in S3, S3 Control, IAM and STS while valid, under IAM enforcement', async () => {
    await sandbox.setIamEnforcement(true)
    const issuedAt = Date.now()
    const credentials = await sandbox.issueCredentials({ lifetimeSeconds: 60 })
    expect(credentials).toEqual({
      accessKeyId: expect.stringMatching(/^ASIA[A-Z0-9]{16}$/),
      secretAccessKey: expect.stringMatching(/^.{40}$/),
      sessionToken: expect.stringMatching(/^.{100,}$/),
      expiration: expect.any(Date),
    })
    expect(credentials.expiration.getTime() - issuedAt).toBeGreaterThanOrEqual(60_000)
    expect(credentials.expiration.getTime() - Date.now()).toBeLessThanOrEqual(60_000)

    // The admin user's identity, as GetSessionToken credentials have (not a role session).
    const identity = await sts(credentials).send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({ Account: sandbox.accountId, Arn: `arn:aws:iam::${sandbox.accountId}:user/sandbox-admin` })

    // moto verifies the session's signature as any key's: a wrong secret does not pass.
    const forged = testClients(sandbox, sandbox.region, { credentials: { ...credentials, secretAccessKey: 'x'.repeat(40) } }).s3
    await expect(forged.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' })

    const aws = testClients(sandbox, sandbox.region, { credentials })
    const roleArn = await createBatchRole(aws.iam, 'temp-batch')
    await createBucket(aws.s3, 'temp-source')
    await createBucket(aws.s3, 'temp-destination')
    await aws.s3.send(new PutObjectCommand({ Bucket: 'temp-source', Key: 'a.txt', Body: 'hello' }))
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: 'temp-source', Key: 'a.txt' }))
    expect(await object.Body?.transformToString()).toBe('hello')
    const etag = await putManifest(aws.s3, 'temp-source', 'manifest.csv', [['temp-source', 'a.txt']])
    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob(roleArn, etag, 'temp-1')))
    const { Jobs } = await aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))
    expect(Jobs?.map((job) => job.JobId)).toEqual([JobId])

    // The admin's own credentials see the same account: what the session made is the admin's.
    const admin = testClients(sandbox)
    const { Buckets } = await admin.s3.send(new ListBucketsCommand({}))
    expect(Buckets?.map((bucket) => bucket.Name).sort()).toEqual(['temp-destination', 'temp-source'])
  })

  it("belong to another account's admin when asked for that account", async () => {
    await sandbox.createAccount('222222222222')
    const credentials = await sandbox.issueCredentials({ lifetimeSeconds: 30, accountId: '222222222222' })
    const identity = await sts(credentials).send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({ Account: '222222222222', Arn: 'arn:aws:iam::222222222222:user/sandbox-admin' })
    await expect(sandbox.issueCredentials({ lifetimeSeconds: 30, accountId: '333333333333' })).rejects.toThrow(
      /has no account "333333333333"; create it with createAccount/,
    )
  })

  it('are refused when sent without their session token, or with another', async () => {
    const credentials = await sandbox.issueCredentials({ lifetimeSeconds: 30 })
    const other = await sandbox.issueCredentials({ lifetimeSeconds: 30 })
    const withoutToken = { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }
    const s3 = testClients(sandbox, sandbox.region, { credentials: withoutToken }).s3
    await expect(s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'InvalidToken', $metadata: { httpStatusCode: 400 } })
    await expect(sts(withoutToken).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    })
    const swapped = testClients(sandbox, sandbox.region, { credentials: { ...credentials, sessionToken: other.sessionToken } }).s3
    await expect(swapped.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'InvalidToken' })
  })

  it('are refused with each service’s ExpiredToken once expired', async () => {
    const admin = testClients(sandbox)
    await createBucket(admin.s3, 'expiry')
    const roleArn = await createBatchRole(admin.iam, 'expiry-batch')
    const credentials = await sandbox.issueCredentials({ lifetimeSeconds: 1 })
    const aws = testClients(sandbox, sandbox.region, { credentials })
    await aws.s3.send(new ListBucketsCommand({}))
    await aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))
    await sts(credentials).send(new GetCallerIdentityCommand({}))
    const before = sandbox.faults.stats()

    await untilExpired(credentials)
    const s3Expired = { name: 'ExpiredToken', message: 'The provided token has expired.', $metadata: { httpStatusCode: 400 } }
    await expect(aws.s3.send(new ListBucketsCommand({}))).rejects.toMatchObject(s3Expired)
    await expect(aws.s3.send(new PutObjectCommand({ Bucket: 'expiry', Key: 'k', Body: 'x'.repeat(100_000) }))).rejects.toMatchObject(s3Expired)
    await expect(aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))).rejects.toMatchObject(s3Expired)
    await expect(aws.s3control.send(new CreateJobCommand(copyJob(roleArn, 'etag', 'expired-1')))).rejects.toMatchObject(s3Expired)
    const queryExpired = { name: 'ExpiredToken', message: 'The security token included in the request is expired', $metadata: { httpStatusCode: 403 } }
    await expect(aws.iam.send(new ListRolesCommand({}))).rejects.toMatchObject(queryExpired)
    await expect(sts(credentials).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject(queryExpired)

    // Refused before the services (and the fault rules' counts) see them; nothing was written.
    expect(sandbox.faults.stats()).toEqual(before)
    await expect(admin.s3.send(new GetObjectCommand({ Bucket: 'expiry', Key: 'k' }))).rejects.toMatchObject({ name: 'NoSuchKey' })
    // The admin's own credentials are untouched.
    await admin.s3.send(new ListBucketsCommand({}))
  })

  // Each AWS CLI call is a Python process that takes a CPU-second to start.
  it('are refused ExpiredToken in the AWS CLI too, and ExpiredTokenException by KMS', { timeout: 120_000 }, async () => {
    const credentials = await sandbox.issueCredentials({ lifetimeSeconds: 1 })
    const env = { ...independentClientEnv(sandbox), ...sandboxEnv(sandbox.endpoint, sandbox.region, credentials) }
    await untilExpired(credentials)
    const failure = (args: string[]) =>
      run('aws', args, { env }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      )
    const s3 = await failure(['s3api', 'list-buckets'])
    expect(s3.code).not.toBe(0)
    expect(s3.stderr).toContain('An error occurred (ExpiredToken) when calling the ListBuckets operation: The provided token has expired.')
    const kms = await failure(['kms', 'list-keys'])
    expect(kms.code).not.toBe(0)
    expect(kms.stderr).toContain('An error occurred (ExpiredTokenException) when calling the ListKeys operation: The security token included in the request is expired')
  })
})
