import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand, UpdateJobStatusCommand, type CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from '../sandbox.js'
import { createBatchRole, createBucket, encodeKey, putManifest, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { parseCsv } from '../csv.js'
import { useSandbox } from '../testing.js'

const AWKWARD_KEYS = [
  'plain.txt',
  'with space/and more spaces.txt',
  'plus+sign+file',
  'percent%20literal%.bin',
  'comma,separated,name.csv',
  `quotes "double" and 'single'.txt`,
  'unicode/ünïcödé/日本語/emoji-😀.txt',
  'deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/file.txt',
  'symbols !*()~&=:@;$#[].txt',
  'trailing-slash-dir/',
  '  leading and trailing spaces  ',
  'tab\there',
]

let sandbox: Sandbox
let aws: TestClients
let roleArn: string

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 10 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  await createBucket(aws.s3, 'source')
  await createBucket(aws.s3, 'destination')
  roleArn = await createBatchRole(aws.iam, 'batch-copy')
})

function copyJob(manifestEtag: string, overrides: Partial<CreateJobCommandInput> = {}): CreateJobCommandInput {
  return {
    AccountId: sandbox.accountId,
    ClientRequestToken: `token-${Math.random()}`,
    ConfirmationRequired: false,
    Priority: 10,
    RoleArn: roleArn,
    Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::destination' } },
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: 'arn:aws:s3:::source/_manifests/manifest.csv', ETag: manifestEtag },
    },
    Report: { Enabled: true, Bucket: 'arn:aws:s3:::destination', Format: 'Report_CSV_20180820', Prefix: 'reports', ReportScope: 'AllTasks' },
    ...overrides,
  }
}

async function readText(bucket: string, key: string): Promise<string> {
  const { Body } = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return (await Body?.transformToString()) ?? ''
}

describe('S3PutObjectCopy job', () => {
  it('copies awkward keys byte for byte and writes a correct completion report', async () => {
    for (const [index, key] of AWKWARD_KEYS.entries()) {
      await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: key, Body: `body ${index} of ${key}` }))
    }
    const etag = await putManifest(aws.s3, 'source', '_manifests/manifest.csv', AWKWARD_KEYS.map((key) => ['source', encodeKey(key)]))

    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob(etag)))
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)

    expect(job.Status).toBe('Complete')
    expect(job.ProgressSummary).toMatchObject({
      TotalNumberOfTasks: AWKWARD_KEYS.length,
      NumberOfTasksSucceeded: AWKWARD_KEYS.length,
      NumberOfTasksFailed: 0,
    })
    expect(job.TerminationDate).toBeInstanceOf(Date)
    for (const [index, key] of AWKWARD_KEYS.entries()) {
      expect(await readText('destination', key)).toBe(`body ${index} of ${key}`)
    }

    const manifest = JSON.parse(await readText('destination', `reports/job-${JobId}/manifest.json`))
    expect(manifest.Format).toBe('Report_CSV_20180820')
    expect(manifest.Results).toHaveLength(1)
    expect(manifest.Results[0]).toMatchObject({ TaskExecutionStatus: 'succeeded', Bucket: 'destination' })
    expect(manifest.Results[0].Key).toMatch(new RegExp(`^reports/job-${JobId}/results/[0-9a-f]{40}\\.csv$`))
    const rows = parseCsv(await readText('destination', manifest.Results[0].Key))
    expect(rows.map((row) => row[1]).sort()).toEqual(AWKWARD_KEYS.map(encodeKey).sort())
    expect(rows.every((row) => row[0] === 'source' && row[3] === 'succeeded' && row[4] === '200')).toBe(true)
  })

  it('decodes a literal + in a manifest as a space, so a plus must be sent as %2B', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'a b', Body: 'space' }))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'a+b', Body: 'plus' }))
    const etag = await putManifest(aws.s3, 'source', '_manifests/manifest.csv', [['source', 'a+b']])
    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob(etag)))
    await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(await readText('destination', 'a b')).toBe('space')
    await expect(aws.s3.send(new HeadObjectCommand({ Bucket: 'destination', Key: 'a+b' }))).rejects.toThrow()
  })

  it('applies copy settings and keeps CopyObject defaults for what is not set', async () => {
    await aws.s3.send(
      new PutObjectCommand({ Bucket: 'source', Key: 'doc.txt', Body: 'x', ContentType: 'text/plain', Metadata: { owner: 'team-a' } }),
    )
    await aws.s3.send(new PutObjectTaggingCommand({ Bucket: 'source', Key: 'doc.txt', Tagging: { TagSet: [{ Key: 'env', Value: 'prod' }] } }))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'replaced.txt', Body: 'y', Metadata: { owner: 'team-a' } }))
    const etag = await putManifest(aws.s3, 'source', '_manifests/manifest.csv', [['source', 'doc.txt']])
    const { JobId } = await aws.s3control.send(
      new CreateJobCommand(copyJob(etag, { Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::destination', StorageClass: 'STANDARD_IA', TargetKeyPrefix: 'seeded/' } } })),
    )
    await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    const copied = await aws.s3.send(new HeadObjectCommand({ Bucket: 'destination', Key: 'seeded/doc.txt' }))
    expect(copied.StorageClass).toBe('STANDARD_IA')
    expect(copied.Metadata).toEqual({ owner: 'team-a' })
    expect(copied.ContentType).toBe('text/plain')
    const tags = await aws.s3.send(new GetObjectTaggingCommand({ Bucket: 'destination', Key: 'seeded/doc.txt' }))
    expect(tags.TagSet).toEqual([{ Key: 'env', Value: 'prod' }])

    const etag2 = await putManifest(aws.s3, 'source', '_manifests/manifest.csv', [['source', 'replaced.txt']])
    const { JobId: second } = await aws.s3control.send(
      new CreateJobCommand(
        copyJob(etag2, {
          Operation: {
            S3PutObjectCopy: {
              TargetResource: 'arn:aws:s3:::destination',
              MetadataDirective: 'REPLACE',
              NewObjectMetadata: { ContentType: 'application/json', UserMetadata: { owner: 'team-b' }, SSEAlgorithm: 'AES256' },
              NewObjectTagging: [{ Key: 'seeded', Value: 'yes' }],
              CannedAccessControlList: 'bucket-owner-full-control',
            },
          },
        }),
      ),
    )
    const job = await waitForJob(aws.s3control, sandbox.accountId, second!)
    expect(job.Status).toBe('Complete')
    expect(job.ProgressSummary?.NumberOfTasksSucceeded).toBe(1)
    const replaced = await aws.s3.send(new HeadObjectCommand({ Bucket: 'destination', Key: 'replaced.txt' }))
    expect(replaced.Metadata).toEqual({ owner: 'team-b' })
    expect(replaced.ContentType).toBe('application/json')
    expect(replaced.ServerSideEncryption).toBe('AES256')
    const replacedTags = await aws.s3.send(new GetObjectTaggingCommand({ Bucket: 'destination', Key: 'replaced.txt' }))
    expect(replacedTags.TagSet).toEqual([{ Key: 'seeded', Value: 'yes' }])
  })

  it('fails tasks for objects over the copy limit, archived objects and missing keys, and reports them', async () => {
    sandbox.setTiming({ maxCopyObjectBytes: 1024 })
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'big.bin', Body: Buffer.alloc(2048) }))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'cold.bin', Body: 'c', StorageClass: 'GLACIER' }))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'ok.bin', Body: 'o' }))
    const etag = await putManifest(aws.s3, 'source', '_manifests/manifest.csv', [
      ['source', 'big.bin'], ['source', 'cold.bin'], ['source', 'ok.bin'], ['source', 'missing.bin'],
    ])
    const { JobId } = await aws.s3control.send(
      new CreateJobCommand(copyJob(etag, { Report: { Enabled: true, Bucket: 'arn:aws:s3:::destination', Format: 'Report_CSV_20180820', ReportScope: 'FailedTasksOnly' } })),
    )
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.Status).toBe('Complete')
    expect(job.ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 1, NumberOfTasksFailed: 3 })

    const manifest = JSON.parse(await readText('destination', `job-${JobId}/manifest.json`))
    expect(manifest.Results.map((result: { TaskExecutionStatus: string }) => result.TaskExecutionStatus)).toEqual(['failed'])
    const rows = parseCsv(await readText('destination', manifest.Results[0].Key))
    const byKey = Object.fromEntries(rows.map((row) => [row[1], [row[3], row[4], row[5]]]))
    expect(byKey).toEqual({
      'big.bin': ['failed', '400', 'InvalidRequest'],
      'cold.bin': ['failed', '403', 'InvalidObjectState'],
      'missing.bin': ['failed', '404', 'NoSuchKey'],
    })
  })

  it('waits Suspended until confirmed when ConfirmationRequired, then runs', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'k', Body: 'v' }))
    const etag = await putManifest(aws.s3, 'source', '_manifests/manifest.csv', [['source', 'k']])
    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob(etag, { ConfirmationRequired: true })))
    const suspended = await waitForJob(aws.s3control, sandbox.accountId, JobId!, ['Suspended'])
    expect(suspended.ProgressSummary?.TotalNumberOfTasks).toBe(1)
    expect(suspended.SuspendedCause).toBeDefined()
    await expect(aws.s3.send(new HeadObjectCommand({ Bucket: 'destination', Key: 'k' }))).rejects.toThrow()
    const update = await aws.s3control.send(
      new UpdateJobStatusCommand({ AccountId: sandbox.accountId, JobId: JobId!, RequestedJobStatus: 'Ready' }),
    )
    expect(update.Status).toBe('Ready')
    expect((await waitForJob(aws.s3control, sandbox.accountId, JobId!)).Status).toBe('Complete')
    expect(await readText('destination', 'k')).toBe('v')
  })

  it('shows progress while tasks run and can be cancelled while Active', async () => {
    sandbox.setTiming({ taskDelayMs: 40, taskConcurrency: 1 })
    const keys = Array.from({ length: 30 }, (_, index) => `object-${index}`)
    for (const key of keys) await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: key, Body: key }))
    const etag = await putManifest(aws.s3, 'source', '_manifests/manifest.csv', keys.map((key) => ['source', key]))
    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob(etag)))
    let seen = 0
    for (let attempt = 0; attempt < 400 && seen < 3; attempt++) {
      const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!, ['Active'])
      seen = job.ProgressSummary?.NumberOfTasksSucceeded ?? 0
    }
    expect(seen).toBeGreaterThanOrEqual(3)
    const update = await aws.s3control.send(
      new UpdateJobStatusCommand({ AccountId: sandbox.accountId, JobId: JobId!, RequestedJobStatus: 'Cancelled', StatusUpdateReason: 'test' }),
    )
    expect(update.Status).toBe('Cancelling')
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.Status).toBe('Cancelled')
    expect(job.StatusUpdateReason).toBe('test')
    const done = job.ProgressSummary?.NumberOfTasksSucceeded ?? 0
    expect(done).toBeGreaterThanOrEqual(3)
    expect(done).toBeLessThan(keys.length)
    const manifest = JSON.parse(await readText('destination', `reports/job-${JobId}/manifest.json`))
    expect(parseCsv(await readText('destination', manifest.Results[0].Key))).toHaveLength(done)
  })

  it('fails the job once more than half of at least 1,000 tasks have failed', async () => {
    const rows = Array.from({ length: 1200 }, (_, index) => ['source', `missing-${index}`])
    const etag = await putManifest(aws.s3, 'source', '_manifests/manifest.csv', rows)
    sandbox.faults.add({ operation: 'Task', count: 1200, status: 500, code: 'InternalError' })
    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob(etag)))
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.Status).toBe('Failed')
    expect(job.FailureReasons?.[0]?.FailureCode).toBe('TaskFailureThresholdExceeded')
    const failed = job.ProgressSummary?.NumberOfTasksFailed ?? 0
    expect(failed).toBeGreaterThanOrEqual(1000)
    expect(failed).toBeLessThan(1200)
  })

  it('fails the job when the manifest ETag does not match or the manifest is missing', async () => {
    await putManifest(aws.s3, 'source', '_manifests/manifest.csv', [['source', 'k']])
    const { JobId } = await aws.s3control.send(new CreateJobCommand(copyJob('0123456789abcdef0123456789abcdef')))
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.Status).toBe('Failed')
    expect(job.FailureReasons?.[0]?.FailureCode).toBe('ManifestETagMismatch')

    const missing = copyJob('abc')
    missing.Manifest!.Location!.ObjectArn = 'arn:aws:s3:::source/_manifests/nope.csv'
    const { JobId: second } = await aws.s3control.send(new CreateJobCommand(missing))
    const failed = await waitForJob(aws.s3control, sandbox.accountId, second!)
    expect(failed.Status).toBe('Failed')
    expect(failed.FailureReasons?.[0]?.FailureCode).toBe('NoSuchKey')
  })
})
