import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from './sandbox.js'
import { awsCli, independentClientEnv } from './test-support/cli.js'
import { createBatchRole, createBucket, putManifest, testClients, type TestClients } from './test-support/clients.js'

// The AWS CLI is an independent client: if it can drive jobs, the wire format is S3 Control's own.
const run = promisify(execFile)

let sandbox: Sandbox
let aws: TestClients
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  sandbox = await startSandbox({ timing: { stageDelayMs: 5 } })
  aws = testClients(sandbox)
  env = independentClientEnv(sandbox)
  await createBucket(aws.s3, 'cli-source')
  await createBucket(aws.s3, 'cli-destination')
  await aws.s3.send(new PutObjectCommand({ Bucket: 'cli-source', Key: 'a b+c.txt', Body: 'hello' }))
})
afterAll(async () => {
  await sandbox?.stop()
})

async function aws3control(...args: string[]): Promise<Record<string, any>> {
  return awsCli(env, 's3control', ...args, '--account-id', sandbox.accountId)
}

async function waitFor(jobId: string, statuses: string[]): Promise<Record<string, any>> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Job } = await aws3control('describe-job', '--job-id', jobId)
    if (statuses.includes(Job.Status)) return Job
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`job ${jobId} never reached ${statuses.join('/')}`)
}

// Each AWS CLI or boto3 call is a Python process that takes a CPU-second to start: under a full
// run's load these tests can take minutes without anything being wrong.
describe('aws s3control against the sandbox', { timeout: 180_000 }, () => {
  it('creates, describes, lists and cancels jobs', async () => {
    const roleArn = await createBatchRole(aws.iam, 'cli-batch')
    const etag = await putManifest(aws.s3, 'cli-source', 'manifest.csv', [['cli-source', 'a%20b%2Bc.txt']])
    const common = [
      '--operation', JSON.stringify({ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::cli-destination' } }),
      '--manifest', JSON.stringify({
        Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
        Location: { ObjectArn: 'arn:aws:s3:::cli-source/manifest.csv', ETag: etag },
      }),
      '--report', JSON.stringify({ Enabled: true, Bucket: 'arn:aws:s3:::cli-destination', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks', Prefix: 'r' }),
      '--priority', '10',
      '--role-arn', roleArn,
    ]
    const created = await aws3control('create-job', ...common, '--no-confirmation-required', '--client-request-token', 'cli-1', '--description', 'from the AWS CLI')
    expect(created.JobId).toMatch(/^[0-9a-f-]{36}$/)
    const job = await waitFor(created.JobId, ['Complete', 'Failed'])
    expect(job).toMatchObject({
      Status: 'Complete',
      Description: 'from the AWS CLI',
      ProgressSummary: { TotalNumberOfTasks: 1, NumberOfTasksSucceeded: 1, NumberOfTasksFailed: 0 },
    })
    expect((await aws.s3.send(new HeadObjectCommand({ Bucket: 'cli-destination', Key: 'a b+c.txt' }))).ContentLength).toBe(5)

    const listed = await aws3control('list-jobs', '--job-statuses', 'Complete')
    expect(listed.Jobs.map((entry: { JobId: string }) => entry.JobId)).toContain(created.JobId)

    const suspended = await aws3control('create-job', ...common, '--confirmation-required', '--client-request-token', 'cli-2')
    await waitFor(suspended.JobId, ['Suspended'])
    const cancelled = await aws3control('update-job-status', '--job-id', suspended.JobId, '--requested-job-status', 'Cancelled')
    expect(cancelled).toMatchObject({ JobId: suspended.JobId, Status: 'Cancelled' })
  })

  it('surfaces S3 Control errors with their codes', async () => {
    const failure = await run('aws', ['s3control', 'describe-job', '--account-id', sandbox.accountId, '--job-id', 'no-such-job'], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    )
    expect((failure as { code: number }).code).not.toBe(0)
    expect((failure as { stderr: string }).stderr).toMatch(/NotFoundException/)
  })
})
