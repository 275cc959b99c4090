import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateJobCommand, type CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from '../sandbox.js'
import { createBatchRole, createBucket, encodeKey, putManifest, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { parseCsv } from '../csv.js'
import { useSandbox } from '../testing.js'

// moto alone fails SigV4 for keys that need percent-encoding when enforcement is on
// (docs/aws-facts.md, "The local sandbox and AWS"); the sandbox's moto launcher fixes that, which the awkward key below proves.
const AWKWARD = "odd +,'()!ü key.txt"
let sandbox: Sandbox
let aws: TestClients

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  await createBucket(aws.s3, 'source')
  await createBucket(aws.s3, 'destination')
  await createBucket(aws.s3, 'manifests')
  for (const key of ['a.txt', 'b.txt', AWKWARD]) await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: key, Body: key }))
})

const allow = (Action: string[], Resource: string[]) => ({ Effect: 'Allow', Action, Resource })

function job(roleArn: string, etag: string): CreateJobCommandInput {
  return {
    AccountId: sandbox.accountId,
    ClientRequestToken: `t-${Math.random()}`,
    ConfirmationRequired: false,
    Priority: 1,
    RoleArn: roleArn,
    Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::destination' } },
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: 'arn:aws:s3:::manifests/m.csv', ETag: etag },
    },
    Report: { Enabled: true, Bucket: 'arn:aws:s3:::manifests', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks' },
  }
}

describe('tasks run with the job role credentials under IAM enforcement', () => {
  it('enforcement rejects unknown credentials but accepts the sandbox admin', async () => {
    await sandbox.setIamEnforcement(true)
    const stranger = new S3Client({
      endpoint: sandbox.endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1,
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
    })
    await expect(stranger.send(new HeadObjectCommand({ Bucket: 'source', Key: 'a.txt' }))).rejects.toThrow()
    expect((await aws.s3.send(new HeadObjectCommand({ Bucket: 'source', Key: 'a.txt' }))).ContentLength).toBe(5)
  })

  it('completes with a least-privilege role', async () => {
    const roleArn = await createBatchRole(aws.iam, 'least-privilege', [
      allow(['s3:GetObject', 's3:GetObjectTagging', 's3:ListBucket'], ['arn:aws:s3:::source', 'arn:aws:s3:::source/*']),
      allow(['s3:PutObject', 's3:PutObjectTagging'], ['arn:aws:s3:::destination/*']),
      allow(['s3:GetObject'], ['arn:aws:s3:::manifests/*']),
      allow(['s3:PutObject'], ['arn:aws:s3:::manifests/*']),
    ])
    const etag = await putManifest(aws.s3, 'manifests', 'm.csv', [['source', 'a.txt'], ['source', 'b.txt'], ['source', encodeKey(AWKWARD)]])
    await sandbox.setIamEnforcement(true)
    const { JobId } = await aws.s3control.send(new CreateJobCommand(job(roleArn, etag)))
    const done = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(done.Status).toBe('Complete')
    expect(done.ProgressSummary?.NumberOfTasksSucceeded).toBe(3)
    const copied = await aws.s3.send(new GetObjectCommand({ Bucket: 'destination', Key: AWKWARD }))
    expect(await copied.Body?.transformToString()).toBe(AWKWARD)
  })

  it('fails tasks with AccessDenied when the role cannot read the source', async () => {
    const roleArn = await createBatchRole(aws.iam, 'no-source-read', [
      allow(['s3:PutObject'], ['arn:aws:s3:::destination/*', 'arn:aws:s3:::manifests/*']),
      allow(['s3:GetObject'], ['arn:aws:s3:::manifests/*']),
    ])
    const etag = await putManifest(aws.s3, 'manifests', 'm.csv', [['source', 'a.txt']])
    await sandbox.setIamEnforcement(true)
    const { JobId } = await aws.s3control.send(new CreateJobCommand(job(roleArn, etag)))
    const done = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(done.ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 0, NumberOfTasksFailed: 1 })
    const report = JSON.parse(await (await aws.s3.send(new GetObjectCommand({ Bucket: 'manifests', Key: `job-${JobId}/manifest.json` }))).Body!.transformToString())
    const rows = parseCsv(await (await aws.s3.send(new GetObjectCommand({ Bucket: 'manifests', Key: report.Results[0].Key }))).Body!.transformToString())
    expect(rows[0]?.slice(3, 6)).toEqual(['failed', '403', 'AccessDenied'])
  })

  it('fails the job when the role cannot read the manifest', async () => {
    const roleArn = await createBatchRole(aws.iam, 'no-manifest-read', [allow(['s3:*'], ['arn:aws:s3:::source/*', 'arn:aws:s3:::destination/*'])])
    const etag = await putManifest(aws.s3, 'manifests', 'm.csv', [['source', 'a.txt']])
    await sandbox.setIamEnforcement(true)
    const { JobId } = await aws.s3control.send(new CreateJobCommand(job(roleArn, etag)))
    const done = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(done.Status).toBe('Failed')
    expect(done.FailureReasons).toEqual([{ FailureCode: 'AccessDenied', FailureReason: 'Reading the manifest is forbidden: AccessDenied' }])
    expect(done.ProgressSummary?.NumberOfTasksSucceeded).toBe(0)
  })
})
