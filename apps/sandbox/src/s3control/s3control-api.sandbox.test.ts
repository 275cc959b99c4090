import { PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateRoleCommand } from '@aws-sdk/client-iam'
import {
  BadRequestException,
  CreateJobCommand,
  DeleteJobTaggingCommand,
  DescribeJobCommand,
  GetJobTaggingCommand,
  IdempotencyException,
  InternalServiceException,
  JobStatusException,
  ListJobsCommand,
  NotFoundException,
  PutJobTaggingCommand,
  TooManyRequestsException,
  UpdateJobPriorityCommand,
  UpdateJobStatusCommand,
  type CreateJobCommandInput,
} from '@aws-sdk/client-s3-control'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from '../sandbox.js'
import { createBatchRole, createBucket, putManifest, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let aws: TestClients
let roleArn: string
let etag: string

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  await createBucket(aws.s3, 'source')
  await createBucket(aws.s3, 'destination')
  await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'k', Body: 'v' }))
  etag = await putManifest(aws.s3, 'source', 'manifest.csv', [['source', 'k']])
  roleArn = await createBatchRole(aws.iam, 'batch')
})

function request(overrides: Partial<CreateJobCommandInput> = {}): CreateJobCommandInput {
  return {
    AccountId: sandbox.accountId,
    ClientRequestToken: 'token-1',
    ConfirmationRequired: true,
    Priority: 10,
    RoleArn: roleArn,
    Description: 'api test',
    Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::destination' } },
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: 'arn:aws:s3:::source/manifest.csv', ETag: etag },
    },
    Report: { Enabled: false },
    ...overrides,
  }
}

const create = (input: CreateJobCommandInput) => aws.s3control.send(new CreateJobCommand(input))

describe('CreateJob validation', () => {
  it.each<[string, () => Partial<CreateJobCommandInput>, RegExp]>([
    ['no manifest or generator', () => ({ Manifest: undefined }), /Exactly one of Manifest or ManifestGenerator/],
    [
      'both manifest and generator',
      () => ({ ManifestGenerator: { S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::source', EnableManifestOutput: false } } }),
      /Exactly one of Manifest or ManifestGenerator/,
    ],
    ['a role ARN that is not a role', () => ({ RoleArn: 'arn:aws:iam::123456789012:user/someone' }), /not an IAM role ARN/],
    ['a role that does not exist', () => ({ RoleArn: 'arn:aws:iam::123456789012:role/nope' }), /role does not exist/],
    ['a report bucket given as a name', () => ({ Report: { Enabled: true, Bucket: 'destination', Format: 'Report_CSV_20180820' } }), /must be a bucket ARN/],
    ['a manifest without Key in Fields', () => ({ Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket'] }, Location: { ObjectArn: 'arn:aws:s3:::source/manifest.csv', ETag: etag } } }), /must include Bucket and Key/],
    ['an unsupported operation', () => ({ Operation: { S3PutObjectAcl: {} } }), /not emulated/],
    ['a priority out of range', () => ({ Priority: -1 }), /Priority must be an integer/],
  ])('rejects %s with BadRequestException', async (_, overrides, message) => {
    const error = await create(request(overrides())).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BadRequestException)
    expect((error as Error).message).toMatch(message)
    expect((error as BadRequestException).$metadata.httpStatusCode).toBe(400)
    const { Jobs } = await aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))
    expect(Jobs ?? []).toHaveLength(0)
  })

  it('rejects a role whose trust policy does not name S3 Batch Operations', async () => {
    const { Role } = await aws.iam.send(
      new CreateRoleCommand({
        RoleName: 'lambda-only',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    )
    await expect(create(request({ RoleArn: Role!.Arn! }))).rejects.toThrow(/trust policy does not allow batchoperations/)
  })

  it('rejects a copy job created outside the destination bucket Region', async () => {
    await createBucket(aws.s3, 'west-destination', 'us-west-2')
    const error = await create(request({ Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::west-destination' } } })).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BadRequestException)
    expect((error as Error).message).toMatch(/destination bucket's Region \(us-west-2\)/)
  })
})

describe('idempotency', () => {
  it('returns the same job for a repeated token and request, and IdempotencyException for a changed request', async () => {
    const first = await create(request())
    const again = await create(request())
    expect(again.JobId).toBe(first.JobId)
    const error = await create(request({ Priority: 99 })).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(IdempotencyException)
    expect((error as IdempotencyException).$metadata.httpStatusCode).toBe(409)
    const { Jobs } = await aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))
    expect(Jobs).toHaveLength(1)
  })
})

describe('DescribeJob, ListJobs and job updates', () => {
  it('describes a job with the request echoed back', async () => {
    const { JobId } = await create(request())
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!, ['Suspended'])
    expect(job).toMatchObject({
      JobId,
      JobArn: `arn:aws:s3:us-east-1:${sandbox.accountId}:job/${JobId}`,
      ConfirmationRequired: true,
      Description: 'api test',
      Priority: 10,
      RoleArn: roleArn,
      Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::destination' } },
      Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ETag: etag } },
      Report: { Enabled: false },
    })
    expect(job.CreationTime).toBeInstanceOf(Date)
  })

  it('answers NotFoundException for an unknown job and for a job in another Region', async () => {
    await expect(aws.s3control.send(new DescribeJobCommand({ AccountId: sandbox.accountId, JobId: 'no-such-job' }))).rejects.toBeInstanceOf(NotFoundException)
    const { JobId } = await create(request())
    const west = testClients(sandbox, 'us-west-2')
    await expect(west.s3control.send(new DescribeJobCommand({ AccountId: sandbox.accountId, JobId }))).rejects.toBeInstanceOf(NotFoundException)
  })

  it('filters ListJobs by status and pages with NextToken', async () => {
    const ids: string[] = []
    for (let index = 0; index < 5; index++) {
      ids.push((await create(request({ ClientRequestToken: `token-${index}` }))).JobId!)
    }
    for (const id of ids) await waitForJob(aws.s3control, sandbox.accountId, id, ['Suspended'])
    await aws.s3control.send(new UpdateJobStatusCommand({ AccountId: sandbox.accountId, JobId: ids[0], RequestedJobStatus: 'Cancelled' }))

    const cancelled = await aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId, JobStatuses: ['Cancelled'] }))
    expect(cancelled.Jobs?.map((job) => job.JobId)).toEqual([ids[0]])
    expect(cancelled.Jobs?.[0]).toMatchObject({ Operation: 'S3PutObjectCopy', Status: 'Cancelled', Description: 'api test' })

    const seen: string[] = []
    let NextToken: string | undefined
    let pages = 0
    do {
      const page = await aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId, MaxResults: 2, NextToken }))
      seen.push(...(page.Jobs ?? []).map((job) => job.JobId!))
      NextToken = page.NextToken
      pages++
    } while (NextToken)
    expect(pages).toBe(3)
    expect(seen.sort()).toEqual([...ids].sort())
  })

  it('refuses status changes the lifecycle does not allow', async () => {
    const { JobId } = await create(request({ ConfirmationRequired: false }))
    await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    const ready = aws.s3control.send(new UpdateJobStatusCommand({ AccountId: sandbox.accountId, JobId, RequestedJobStatus: 'Ready' }))
    await expect(ready).rejects.toBeInstanceOf(JobStatusException)
    const cancel = aws.s3control.send(new UpdateJobStatusCommand({ AccountId: sandbox.accountId, JobId, RequestedJobStatus: 'Cancelled' }))
    await expect(cancel).rejects.toThrow(/Complete and can no longer be cancelled/)
  })

  it('updates priority and tags', async () => {
    const { JobId } = await create(request({ Tags: [{ Key: 'created-by', Value: 's3-seed' }] }))
    const priority = await aws.s3control.send(new UpdateJobPriorityCommand({ AccountId: sandbox.accountId, JobId, Priority: 77 }))
    expect(priority).toMatchObject({ JobId, Priority: 77 })
    expect((await aws.s3control.send(new DescribeJobCommand({ AccountId: sandbox.accountId, JobId }))).Job?.Priority).toBe(77)

    const tags = () => aws.s3control.send(new GetJobTaggingCommand({ AccountId: sandbox.accountId, JobId })).then((result) => result.Tags ?? [])
    expect(await tags()).toEqual([{ Key: 'created-by', Value: 's3-seed' }])
    await aws.s3control.send(new PutJobTaggingCommand({ AccountId: sandbox.accountId, JobId, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '' }] }))
    expect(await tags()).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '' }])
    await aws.s3control.send(new DeleteJobTaggingCommand({ AccountId: sandbox.accountId, JobId }))
    expect(await tags()).toEqual([])
  })
})

describe('fault injection on S3 Control operations', () => {
  it('fails the next N calls with the chosen error, then answers normally', async () => {
    sandbox.faults.add({ operation: 'CreateJob', count: 2, status: 429, code: 'TooManyRequestsException', message: 'slow down' })
    await expect(create(request())).rejects.toBeInstanceOf(TooManyRequestsException)
    await expect(create(request())).rejects.toThrow('slow down')
    expect((await create(request())).JobId).toBeDefined()

    sandbox.faults.add({ operation: 'DescribeJob', status: 500, code: 'InternalServiceException' })
    const describe = aws.s3control.send(new DescribeJobCommand({ AccountId: sandbox.accountId, JobId: 'x' }))
    await expect(describe).rejects.toBeInstanceOf(InternalServiceException)
  })

  it('delays a call without failing it', async () => {
    sandbox.faults.add({ operation: 'ListJobs', delayMs: 300 })
    const started = Date.now()
    await aws.s3control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })
})
