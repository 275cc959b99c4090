import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand, ListJobsCommand } from '@aws-sdk/client-s3-control'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { beforeEach, describe, expect, it } from 'vitest'
import { parseCsv } from '../csv.js'
import { type Sandbox } from '../sandbox.js'
import { BATCH_TRUST_POLICY, createBatchRole, createBucket, putManifest, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { useSandbox } from '../testing.js'
import { mulberry32 } from './prng.js'

let sandbox: Sandbox
let aws: TestClients

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  await createBucket(aws.s3, 'bucket')
})

/** The error a call failed with, or a failure of the test if it succeeded. */
async function failure(call: Promise<unknown>): Promise<Error & { code?: string; $metadata?: { httpStatusCode?: number } }> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error as Error,
  )
  if (outcome === undefined) throw new Error('expected the call to fail')
  return outcome
}

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${sandbox.endpoint}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: response.status, body: (await response.json()) as Record<string, any> }
}

describe('connection faults', () => {
  it('resets the connection of an S3 call, which then never reaches moto', async () => {
    sandbox.faults.add({ operation: 'PutObject', kind: 'reset' })
    const error = await failure(aws.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'v' })))
    expect(error.code).toBe('ECONNRESET')
    expect((await failure(aws.s3.send(new HeadObjectCommand({ Bucket: 'bucket', Key: 'k' })))).$metadata?.httpStatusCode).toBe(404)
  })

  it('holds an S3 call unanswered for delayMs, then drops it', async () => {
    sandbox.faults.add({ operation: 'GetObject', kind: 'timeout', delayMs: 400 })
    await aws.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'v' }))
    const started = Date.now()
    const error = await failure(aws.s3.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })))
    expect(Date.now() - started).toBeGreaterThanOrEqual(390)
    expect(error.code).toBe('ECONNRESET')
    // A client with a shorter timeout of its own gives up first.
    sandbox.faults.add({ operation: 'GetObject', kind: 'timeout', delayMs: 2000 })
    const started2 = Date.now()
    const quick = testClients(sandbox, sandbox.region, { requestTimeout: 100 })
    const timedOut = await failure(quick.s3.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })))
    expect(timedOut.name).toBe('TimeoutError')
    expect(Date.now() - started2).toBeLessThan(1500)
  })

  it('resets or holds IAM, STS and S3 Control calls too', async () => {
    sandbox.faults.add({ operation: 'CreateRole', kind: 'reset' })
    sandbox.faults.add({ operation: 'GetCallerIdentity', kind: 'timeout', delayMs: 200 })
    sandbox.faults.add({ operation: 'ListJobs', kind: 'reset' })
    const iamError = await failure(aws.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: BATCH_TRUST_POLICY })))
    expect(iamError.code).toBe('ECONNRESET')
    const sts = new STSClient({ endpoint: sandbox.endpoint, region: sandbox.region, credentials: sandbox.credentials, maxAttempts: 1 })
    const started = Date.now()
    expect((await failure(sts.send(new GetCallerIdentityCommand({})))).code).toBe('ECONNRESET')
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    expect((await failure(aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId })))).code).toBe('ECONNRESET')
    // Each rule was used once; the same calls work again.
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(sandbox.accountId)
    expect(sandbox.faults.list()).toEqual([])
  })
})

describe('chaos: rates, seeds and stats', () => {
  it('fails a seeded share of calls, repeatably, and counts calls and faults', async () => {
    sandbox.faults.add({ operation: 'HeadBucket', rate: 0.4, seed: 7, status: 503, code: 'SlowDown' })
    const outcomes: boolean[] = []
    for (let call = 0; call < 30; call++) {
      outcomes.push(await aws.s3.send(new HeadBucketCommand({ Bucket: 'bucket' })).then(() => false, () => true))
    }
    const random = mulberry32(7)
    expect(outcomes).toEqual(Array.from({ length: 30 }, () => random() < 0.4))
    const injected = outcomes.filter(Boolean).length
    expect(sandbox.faults.stats().HeadBucket).toEqual({ calls: 30, injected, error: injected, delay: 0, reset: 0, timeout: 0 })
    expect(await admin('GET', '/_sandbox/faults/stats')).toMatchObject({ status: 200, body: { HeadBucket: { calls: 30, injected } } })
    expect(await admin('DELETE', '/_sandbox/faults/stats')).toMatchObject({ status: 200 })
    expect(sandbox.faults.stats()).toEqual({})
  })

  it('applies a "*" rule to every operation but those it excepts', async () => {
    sandbox.faults.add({ operation: '*', except: ['HeadBucket'], rate: 1, status: 500, code: 'InternalError' })
    await aws.s3.send(new HeadBucketCommand({ Bucket: 'bucket' }))
    expect((await failure(aws.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'v' })))).name).toBe('InternalError')
    expect((await failure(aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId })))).name).toBe('InternalError')
    expect(sandbox.faults.stats()).toMatchObject({
      HeadBucket: { calls: 1, injected: 0 },
      PutObject: { calls: 1, injected: 1 },
      ListJobs: { calls: 1, injected: 1 },
    })
  })

  it('adds, lists and removes rules through the admin API', async () => {
    const created = await admin('POST', '/_sandbox/faults', { operation: 'GetObject', kind: 'reset', rate: 0.25, seed: 99 })
    expect(created).toMatchObject({ status: 201, body: { id: expect.any(Number) } })
    expect((await admin('GET', '/_sandbox/faults')).body).toEqual([
      { id: created.body.id, operation: 'GetObject', except: [], kind: 'reset', rate: 0.25, seed: 99, remaining: null, delayMs: 0 },
    ])
    expect(await admin('POST', '/_sandbox/faults', { operation: 'GetObject', kind: 'timeout', delayMs: -1 })).toMatchObject({ status: 400 })
    expect(await admin('DELETE', `/_sandbox/faults/${created.body.id}`)).toMatchObject({ status: 200 })
    expect(await admin('DELETE', `/_sandbox/faults/${created.body.id}`)).toMatchObject({ status: 404 })
    expect(sandbox.faults.list()).toEqual([])
  })
})

describe('Task faults', () => {
  it('fails a reset task as 500 InternalError and a timed-out one as 400 RequestTimeout', async () => {
    const roleArn = await createBatchRole(aws.iam, 'batch')
    for (const key of ['a-reset', 'b-timeout', 'c-fine']) await aws.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: key, Body: key }))
    const etag = await putManifest(aws.s3, 'bucket', 'm.csv', [['bucket', 'a-reset'], ['bucket', 'b-timeout'], ['bucket', 'c-fine']])
    sandbox.faults.add({ operation: 'Task', keyPattern: '^a-', kind: 'reset' })
    sandbox.faults.add({ operation: 'Task', keyPattern: '^b-', kind: 'timeout', delayMs: 150 })
    const { JobId } = await aws.s3control.send(
      new CreateJobCommand({
        AccountId: sandbox.accountId,
        ClientRequestToken: 'chaos-tasks',
        ConfirmationRequired: false,
        Priority: 1,
        RoleArn: roleArn,
        Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::bucket', TargetKeyPrefix: 'copy/' } },
        Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: 'arn:aws:s3:::bucket/m.csv', ETag: etag } },
        Report: { Enabled: true, Bucket: 'arn:aws:s3:::bucket', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks', Prefix: 'r' },
      }),
    )
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 1, NumberOfTasksFailed: 2 })
    const report = JSON.parse(await (await aws.s3.send(new GetObjectCommand({ Bucket: 'bucket', Key: `r/job-${JobId}/manifest.json` }))).Body!.transformToString())
    const rows: string[][] = []
    for (const result of report.Results) {
      rows.push(...parseCsv(await (await aws.s3.send(new GetObjectCommand({ Bucket: 'bucket', Key: result.Key }))).Body!.transformToString()))
    }
    const byKey = Object.fromEntries(rows.map((row) => [row[1], row.slice(3, 6)]))
    expect(byKey).toEqual({
      'a-reset': ['failed', '500', 'InternalError'],
      'b-timeout': ['failed', '400', 'RequestTimeout'],
      'c-fine': ['succeeded', '200', ''],
    })
    expect(sandbox.faults.stats().Task).toEqual({ calls: 3, injected: 2, error: 0, delay: 0, reset: 1, timeout: 1 })
  })
})
