import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand, DescribeJobCommand, type CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from './sandbox.js'
import { ACCOUNT_B, outcome, putBucketPolicy } from './test-support/accounts.js'
import { BATCH_TRUST_POLICY, createBatchRole, createBucket, putManifest, testClients, waitForJob, type TestClients } from './test-support/clients.js'
import { createKmsKeys } from './test-support/kms.js'
import { createReplicationRole, createVersionedBucket, head, putReplication, replicationPolicy, rule } from './test-support/replication.js'

// A sandbox of its own, in the aws-cn partition (the shared one is in us-east-1, partition aws).
const REGION = 'cn-north-1'
let sandbox: Sandbox
let aws: TestClients

beforeAll(async () => {
  sandbox = await startSandbox({ region: REGION, timing: { stageDelayMs: 5, replicationLagMs: 10 } })
  aws = testClients(sandbox)
  for (const bucket of ['cn-source', 'cn-destination']) await createVersionedBucket(aws.s3, bucket, REGION)
  await aws.s3.send(new PutObjectCommand({ Bucket: 'cn-source', Key: 'a.txt', Body: 'a' }))
}, 60_000)
afterAll(async () => {
  await sandbox?.stop()
})

const cn = (resource: string) => `arn:aws-cn:s3:::${resource}`
const copyJob = (roleArn: string, etag: string, target = cn('cn-destination')): CreateJobCommandInput => ({
  AccountId: sandbox.accountId,
  ClientRequestToken: `t-${Math.random()}`,
  ConfirmationRequired: false,
  Priority: 1,
  RoleArn: roleArn,
  Operation: { S3PutObjectCopy: { TargetResource: target } },
  Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: cn('cn-source/m.csv'), ETag: etag } },
  Report: { Enabled: false },
})

describe('a sandbox in cn-north-1 (partition aws-cn)', () => {
  it('builds every ARN in aws-cn: IAM, STS, KMS and jobs', async () => {
    expect(sandbox.partition).toBe('aws-cn')
    const sts = new STSClient({ endpoint: sandbox.endpoint, region: REGION, credentials: sandbox.credentials, maxAttempts: 1 })
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws-cn:iam::${sandbox.accountId}:user/sandbox-admin`)
    const { Role } = await aws.iam.send(new CreateRoleCommand({ RoleName: 'cn-plain', AssumeRolePolicyDocument: BATCH_TRUST_POLICY }))
    expect(Role?.Arn).toBe(`arn:aws-cn:iam::${sandbox.accountId}:role/cn-plain`)
    const { key } = await createKmsKeys(sandbox, ['key'])
    expect(key?.arn).toMatch(new RegExp(`^arn:aws-cn:kms:cn-north-1:${sandbox.accountId}:key/`))
    const roleArn = await createBatchRole(aws.iam, 'cn-copy')
    const etag = await putManifest(aws.s3, 'cn-source', 'm.csv', [['cn-source', 'a.txt']])
    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob(roleArn, etag)))
    const { Job } = await aws.s3control.send(new DescribeJobCommand({ AccountId: sandbox.accountId, JobId }))
    expect(Job?.JobArn).toBe(`arn:aws-cn:s3:cn-north-1:${sandbox.accountId}:job/${JobId}`)
    expect((await waitForJob(aws.s3control, sandbox.accountId, JobId!)).Status).toBe('Complete')
  })

  it('refuses arn:aws: ARNs in CreateJob, and runs the job with arn:aws-cn: ones under enforcement', async () => {
    const roleArn = await createBatchRole(aws.iam, 'cn-least', [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [cn('cn-source/*'), cn('cn-destination/*')] },
    ])
    const etag = await putManifest(aws.s3, 'cn-source', 'm.csv', [['cn-source', 'a.txt']])
    expect(await outcome(aws.s3control.send(new CreateJobCommand(copyJob(roleArn, etag, 'arn:aws:s3:::cn-destination'))))).toBe('400 BadRequestException')
    const awsRole = roleArn.replace('arn:aws-cn:', 'arn:aws:')
    expect(await outcome(aws.s3control.send(new CreateJobCommand(copyJob(awsRole, etag))))).toBe('400 BadRequestException')
    await sandbox.setIamEnforcement(true)
    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob(roleArn, etag)))
    expect((await waitForJob(aws.s3control, sandbox.accountId, JobId!)).ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 1 })
    await sandbox.setIamEnforcement(false)
  })

  it('evaluates policies in aws-cn: an arn:aws: resource or principal names nothing there', async () => {
    const awsPolicy = replicationPolicy(['cn-source'], ['cn-destination']) // arn:aws:s3:::… resources
    const cnPolicy = JSON.parse(JSON.stringify(awsPolicy).replaceAll('arn:aws:', 'arn:aws-cn:')) as object[]
    const awsRole = await createReplicationRole(aws.iam, 'cn-repl-aws', awsPolicy)
    const cnRole = await createReplicationRole(aws.iam, 'cn-repl-cn', cnPolicy)
    await sandbox.setIamEnforcement(true)
    for (const [role, key] of [[awsRole, 'aws-arns'], [cnRole, 'cn-arns']] as const) {
      await putReplication(aws.s3, 'cn-source', role, [rule('cn-destination', { Destination: { Bucket: cn('cn-destination') } })])
      await aws.s3.send(new PutObjectCommand({ Bucket: 'cn-source', Key: key, Body: key }))
      await sandbox.replication.drain()
    }
    expect((await head(aws.s3, 'cn-source', 'aws-arns'))?.ReplicationStatus).toBe('FAILED')
    expect((await head(aws.s3, 'cn-source', 'cn-arns'))?.ReplicationStatus).toBe('COMPLETED')

    // A bucket policy of another account: the account's root ARN counts only in the partition's own form.
    const accountB = await sandbox.createAccount(ACCOUNT_B)
    const b = testClients(sandbox, REGION, { credentials: accountB.credentials })
    await createBucket(b.s3, 'cn-of-b', REGION)
    await b.s3.send(new PutObjectCommand({ Bucket: 'cn-of-b', Key: 'k', Body: 'k' }))
    const readAs = (partition: string) => ({ Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${sandbox.accountId}:root` }, Action: 's3:GetObject', Resource: cn('cn-of-b/*') })
    await putBucketPolicy(b.s3, 'cn-of-b', readAs('aws'))
    expect(await outcome(aws.s3.send(new GetObjectCommand({ Bucket: 'cn-of-b', Key: 'k' })))).toBe('403 AccessDenied')
    await putBucketPolicy(b.s3, 'cn-of-b', readAs('aws-cn'))
    expect(await outcome(aws.s3.send(new GetObjectCommand({ Bucket: 'cn-of-b', Key: 'k' })))).toBe('ok')
    await sandbox.setIamEnforcement(false)
  })
})
