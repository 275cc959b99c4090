import { CreateJobCommand, DescribeJobCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { bucketNameProblem } from './buckets/bucket-name.js'
import { parseCsv } from './util/csv.js'
import { AwsCallError, InvalidInputError } from './errors.js'
import { createJob } from './jobs/create-job.js'
import { buildCreateJobInput, buildReplicateJobInput } from './jobs/job-input.js'
import { rolePolicy } from './iam/role-policy.js'
import { manifestLines } from './manifest/build-manifest.js'
import { planSeed } from './plan.js'
import { pollJob } from './jobs/poll-job.js'
import { parseReportRow } from './jobs/completion-report.js'

// mockClient(S3ControlClient) stubs the class's prototype, and test files share one process (no
// isolation): put the real send back after every test, or later files would talk to the stub.
afterEach(() => mockClient(S3ControlClient).restore())

/** An SDK-shaped service error, as the clients throw them. */
function serviceError(name: string, message: string, status = 400) {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } })
}

describe('bucketNameProblem', () => {
  it.each([
    ['my-bucket', undefined],
    ['a.b-c.123', undefined],
    ['ab', 'must be 3 to 63 characters long'],
    ['My_Bucket', 'may contain only lowercase letters, digits, dots (.) and hyphens (-)'],
    ['-bucket', 'must begin and end with a letter or digit'],
    ['a..b', 'must not contain two adjacent dots'],
    ['192.168.1.1', 'must not be formatted as an IP address'],
    ['xn--bucket', 'must not start with xn--, sthree- or amzn-s3-demo-'],
    ['bucket-s3alias', expect.stringMatching(/reserved suffix/)],
  ])('%s → %s', (name, problem) => {
    expect(bucketNameProblem(name)).toEqual(problem)
  })
})

describe('planSeed', () => {
  it('applies the documented defaults', () => {
    expect(planSeed({ source: 'src-bucket', destination: 'dst-bucket' })).toMatchInlineSnapshot(`
      {
        "copy": {
          "cannedAcl": undefined,
          "kmsKeyId": undefined,
          "sourceKmsKeys": [],
          "storageClass": undefined,
        },
        "copyAll": false,
        "description": "s3-seed: src-bucket -> dst-bucket",
        "destination": "dst-bucket",
        "destinationAccount": undefined,
        "destinationProfile": undefined,
        "manifest": {
          "bucket": "src-bucket",
          "key": ".s3-seed/manifests/dst-bucket/20eb09fff2e70f44.csv",
          "prefix": ".s3-seed/manifests/",
        },
        "manifestSource": {
          "kind": "list",
        },
        "operation": "auto",
        "origin": undefined,
        "prefix": "",
        "priority": 10,
        "report": {
          "bucket": "dst-bucket",
          "enabled": true,
          "prefix": ".s3-seed/reports",
          "scope": "AllTasks",
        },
        "requireReplication": false,
        "role": {
          "kind": "managed",
          "name": "s3-seed-dst-bucket-ee68cf80b1",
        },
        "source": "src-bucket",
      }
    `)
  })

  it.each<[string, object, string]>([
    ['same buckets', { source: 'abc', destination: 'abc' }, 'DESTINATION'],
    ['bad source name', { source: 'A', destination: 'abc' }, 'SOURCE'],
    ['bad manifest bucket', { source: 'abc', destination: 'def', manifestBucket: 'x' }, '--manifest-bucket'],
    ['role ARN of a user', { source: 'abc', destination: 'def', roleArn: 'arn:aws:iam::123456789012:user/u' }, '--role-arn'],
    ['bad role name', { source: 'abc', destination: 'def', roleName: 'has space' }, '--role-name'],
    ['negative priority', { source: 'abc', destination: 'def', priority: -1 }, '--priority'],
  ])('rejects %s, naming %s', (_, options, flag) => {
    const error = (() => {
      try {
        planSeed(options as never)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(InvalidInputError)
    expect((error as InvalidInputError).input).toBe(flag)
    expect((error as Error).message).toContain(flag)
  })
})

describe('manifestLines', () => {
  it('writes bucket,key lines with percent-encoded keys and no header', () => {
    expect(manifestLines('b', [{ key: 'a b+c,d', size: 1 }, { key: 'x/ü', size: 2 }])).toBe('b,a%20b%2Bc%2Cd\nb,x/%C3%BC\n')
  })
})

describe('buildCreateJobInput', () => {
  const plan = planSeed({ source: 'src-bucket', destination: 'dst-bucket' })
  const context = { accountId: '123456789012', partition: 'aws', owners: { manifest: '123456789012', report: '222222222222' }, roleArn: 'arn:aws:iam::123456789012:role/r', manifest: { bucket: 'src-bucket', key: 'm.csv', etag: 'abc' } }

  it('always sends ConfirmationRequired false and ARNs where the model wants them', () => {
    const input = buildCreateJobInput(plan, context)
    expect(input).toMatchObject({
      ConfirmationRequired: false,
      Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dst-bucket' } },
      Manifest: { Location: { ObjectArn: 'arn:aws:s3:::src-bucket/m.csv', ETag: 'abc' } },
      Report: { Enabled: true, Bucket: 'arn:aws:s3:::dst-bucket', ExpectedBucketOwner: '222222222222', Prefix: '.s3-seed/reports', ReportScope: 'AllTasks' },
    })
    expect(input.ClientRequestToken).toMatch(/^[0-9a-f]{64}$/)
  })

  it('builds every ARN in the caller\'s partition: the job\'s, and the role policy\'s', () => {
    const input = buildCreateJobInput(plan, { ...context, partition: 'aws-cn', roleArn: 'arn:aws-cn:iam::123456789012:role/r' })
    const arns = JSON.stringify(input).match(/arn:[a-z-]+:/g) ?? []
    expect(arns.length).toBeGreaterThan(2)
    expect(new Set(arns)).toEqual(new Set(['arn:aws-cn:']))
    const generated = buildReplicateJobInput(planSeed({ source: 'src-bucket', destination: 'dst-bucket', prefix: 'logs/' }), { ...context, partition: 'aws-us-gov', roleArn: 'arn:aws-us-gov:iam::123456789012:role/r' }, '2026-12-02')
    expect(new Set(JSON.stringify(generated).match(/arn:[a-z-]+:/g))).toEqual(new Set(['arn:aws-us-gov:']))
    const policy = rolePolicy(planSeed({ source: 'src-bucket', destination: 'dst-bucket' }), 'generated', { decrypt: [], encrypt: [] }, 'aws-cn', { source: '1', destination: '2', manifest: '1', report: '2' })
    expect(new Set(policy.match(/arn:[a-z-]+:/g))).toEqual(new Set(['arn:aws-cn:']))
  })

  it('derives the token from the request: same input, same token; new manifest ETag, new token', () => {
    const token = buildCreateJobInput(plan, context).ClientRequestToken
    expect(buildCreateJobInput(plan, context).ClientRequestToken).toBe(token)
    expect(buildCreateJobInput(plan, { ...context, manifest: { ...context.manifest, etag: 'def' } }).ClientRequestToken).not.toBe(token)
  })
})

describe('createJob retries', () => {
  const input = { AccountId: '123456789012', RoleArn: 'arn:aws:iam::123456789012:role/new' } as never

  it('backs off while the role is not assumable, then succeeds', async () => {
    const control = mockClient(S3ControlClient)
    control
      .on(CreateJobCommand)
      .rejectsOnce(serviceError('BadRequestException', 'Unable to assume role'))
      .rejectsOnce(serviceError('TooManyRequestsException', 'slow down', 429))
      .resolves({ JobId: 'job-1' })
    const sleeps: number[] = []
    const jobId = await createJob(new S3ControlClient({}), input, { sleep: async (ms) => void sleeps.push(ms) })
    expect(jobId).toBe('job-1')
    expect(sleeps).toEqual([1000, 2000])
  })

  it('gives up after maxWaitMs with a message that says how to fix it', async () => {
    mockClient(S3ControlClient).on(CreateJobCommand).rejects(serviceError('BadRequestException', 'Unable to assume role'))
    const sleeps: number[] = []
    const error = await createJob(new S3ControlClient({}), input, { maxWaitMs: 60_000, sleep: async (ms) => void sleeps.push(ms) }).catch((caught: unknown) => caught)
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 16000, 16000])
    expect(error).toBeInstanceOf(AwsCallError)
    expect((error as Error).message).toBe(
      'Could not create the Batch Operations job: role arn:aws:iam::123456789012:role/new was still not assumable after 47 s. ' +
        'New IAM roles take time to propagate; rerun, or pass an existing role with --role-arn (Action input role-arn).',
    )
  })

  it('does not retry other errors', async () => {
    mockClient(S3ControlClient).on(CreateJobCommand).rejects(serviceError('BadRequestException', 'Manifest format is invalid'))
    const error = await createJob(new S3ControlClient({}), input, { sleep: async () => {} }).catch((caught: unknown) => caught)
    expect((error as AwsCallError).code).toBe('BadRequestException')
    expect((error as Error).message).toMatch(/^Creating the S3 Batch Operations job failed: BadRequestException: Manifest format is invalid/)
  })
})

describe('pollJob', () => {
  const job = (Status: string, succeeded: number) => ({ Job: { JobId: 'j', Status, ProgressSummary: { TotalNumberOfTasks: 4, NumberOfTasksSucceeded: succeeded, NumberOfTasksFailed: 0 } } }) as never

  it('reports every snapshot, backs off while nothing changes, and ends on a terminal state', async () => {
    mockClient(S3ControlClient)
      .on(DescribeJobCommand)
      .resolvesOnce(job('Active', 1))
      .resolvesOnce(job('Active', 1))
      .resolvesOnce(job('Active', 1))
      .resolvesOnce(job('Active', 3))
      .resolvesOnce({ Job: { JobId: 'j', Status: 'Failed', FailureReasons: [{ FailureCode: 'X', FailureReason: 'why' }] } } as never)
    const sleeps: number[] = []
    const seen: number[] = []
    const result = await pollJob(new S3ControlClient({}), {
      accountId: '123456789012', jobId: 'j', region: 'us-east-1', intervalMs: 100,
      sleep: async (ms) => void sleeps.push(ms),
      onProgress: (snapshot) => seen.push(snapshot.succeeded),
    })
    expect(seen).toEqual([1, 1, 1, 3, 0])
    expect(sleeps).toEqual([100, 150, 225, 100])
    expect(result).toMatchObject({ state: 'failed', reasons: ['X: why'] })
  })

  it('stops when the signal aborts', async () => {
    mockClient(S3ControlClient).on(DescribeJobCommand).resolves(job('Active', 1))
    const controller = new AbortController()
    const result = await pollJob(new S3ControlClient({}), {
      accountId: '123456789012', jobId: 'j', region: 'us-east-1', signal: controller.signal,
      sleep: async () => controller.abort(),
    })
    expect(result).toMatchObject({ state: 'aborted', job: { status: 'Active', succeeded: 1 } })
  })
})

describe('parseReportRow', () => {
  it.each<[string, object]>([
    ['b,a%20b,,succeeded,200,,Successful', { key: 'a b', status: 'succeeded', httpStatus: 200 }],
    ['b,k,v1,failed,403,AccessDenied,"Access Denied"', { key: 'k', status: 'failed', errorCode: 'AccessDenied', httpStatus: 403, message: 'Access Denied' }],
    ['b,k,,failed,PermanentFailure,400,"a, b"', { errorCode: 'PermanentFailure', httpStatus: 400, message: 'a, b' }],
    ['b,k,failed,200,PermanentFailure,"no version column"', { status: 'failed', errorCode: 'PermanentFailure', httpStatus: 200 }],
  ])('reads %s', (line, expected) => {
    expect(parseReportRow(parseCsv(line)[0] as string[])).toMatchObject(expected)
  })
})
