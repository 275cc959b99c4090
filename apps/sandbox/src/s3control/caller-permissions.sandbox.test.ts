import { CreateRoleCommand } from '@aws-sdk/client-iam'
import {
  CreateJobCommand,
  DeleteJobTaggingCommand,
  DescribeJobCommand,
  GetJobTaggingCommand,
  ListJobsCommand,
  PutJobTaggingCommand,
  S3ControlClient,
  UpdateJobPriorityCommand,
  UpdateJobStatusCommand,
  type CreateJobCommandInput,
} from '@aws-sdk/client-s3-control'
import { beforeEach, describe, expect, it } from 'vitest'
import { SANDBOX_ACCOUNT_ID, type Sandbox } from '../sandbox.js'
import { createUser, outcome } from '../test-support/accounts.js'
import { BATCH_TRUST_POLICY, createBatchRole, createBucket, putManifest, testClients, type TestClients } from '../test-support/clients.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let admin: TestClients
let etag: string
const ROLE = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/batch`
const OTHER_ROLE = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/other`
const allow = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra })
const PASS_TO_BATCH = { StringEquals: { 'iam:PassedToService': 'batchoperations.s3.amazonaws.com' } }

useSandbox((started) => (sandbox = started))
beforeEach(async () => {
  admin = testClients(sandbox)
  await createBucket(admin.s3, 'jobs')
  etag = await putManifest(admin.s3, 'jobs', 'm.csv', [['jobs', 'k']])
  await createBatchRole(admin.iam, 'batch')
  await admin.iam.send(new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: BATCH_TRUST_POLICY }))
})

function job(RoleArn = ROLE): CreateJobCommandInput {
  return {
    AccountId: SANDBOX_ACCOUNT_ID, ClientRequestToken: `t-${Math.random()}`, ConfirmationRequired: true, Priority: 1, RoleArn,
    Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::jobs', TargetKeyPrefix: 'copies/' } },
    Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: 'arn:aws:s3:::jobs/m.csv', ETag: etag } },
    Report: { Enabled: false },
  }
}

/** Each job API call on `jobId` as `s3control`, as `<operation> <outcome>`. */
async function everyOperation(s3control: S3ControlClient, jobId: string): Promise<string[]> {
  const AccountId = SANDBOX_ACCOUNT_ID
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['ListJobs', () => s3control.send(new ListJobsCommand({ AccountId }))],
    ['DescribeJob', () => s3control.send(new DescribeJobCommand({ AccountId, JobId: jobId }))],
    ['UpdateJobPriority', () => s3control.send(new UpdateJobPriorityCommand({ AccountId, JobId: jobId, Priority: 5 }))],
    ['GetJobTagging', () => s3control.send(new GetJobTaggingCommand({ AccountId, JobId: jobId }))],
    ['PutJobTagging', () => s3control.send(new PutJobTaggingCommand({ AccountId, JobId: jobId, Tags: [{ Key: 'k', Value: 'v' }] }))],
    ['DeleteJobTagging', () => s3control.send(new DeleteJobTaggingCommand({ AccountId, JobId: jobId }))],
    ['UpdateJobStatus', () => s3control.send(new UpdateJobStatusCommand({ AccountId, JobId: jobId, RequestedJobStatus: 'Cancelled' }))],
  ]
  const outcomes: string[] = []
  for (const [name, call] of calls) outcomes.push(`${name} ${await outcome(call())}`)
  return outcomes
}

describe('S3 Control checks its caller’s identity policies, IAM enforcement on (UG batch-ops-iam-role-policies)', () => {
  it('CreateJob needs s3:CreateJob and iam:PassRole on the job’s role, passed to Batch Operations', async () => {
    const creator = await createUser(admin.iam, 'creator', allow('s3:CreateJob', '*'), allow('iam:PassRole', ROLE, { Condition: PASS_TO_BATCH }))
    const noPass = await createUser(admin.iam, 'no-pass', allow('s3:CreateJob', '*'), allow('iam:PassRole', ROLE, { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }))
    const noCreate = await createUser(admin.iam, 'no-create', allow('iam:PassRole', '*'))
    await sandbox.setIamEnforcement(true)
    const create = (credentials: typeof creator, roleArn?: string) => outcome(testClients(sandbox, sandbox.region, { credentials }).s3control.send(new CreateJobCommand(job(roleArn))))
    expect([await create(creator), await create(creator, OTHER_ROLE), await create(noPass), await create(noCreate), await create(sandbox.credentials)])
      .toEqual(['ok', '403 AccessDenied', '403 AccessDenied', '403 AccessDenied', 'ok'])
  })

  it('each job operation needs its own action on the job’s ARN, ListJobs s3:ListJobs on *', async () => {
    const { JobId = '' } = await admin.s3control.send(new CreateJobCommand(job()))
    const { JobId: otherJob = '' } = await admin.s3control.send(new CreateJobCommand(job()))
    const jobArn = (id: string) => `arn:aws:s3:${sandbox.region}:${SANDBOX_ACCOUNT_ID}:job/${id}`
    const reader = await createUser(admin.iam, 'reader', allow(['s3:DescribeJob', 's3:GetJobTagging'], jobArn(JobId)), allow('s3:ListJobs', '*'))
    const operator = await createUser(admin.iam, 'operator', allow(['s3:*Job*'], `arn:aws:s3:*:${SANDBOX_ACCOUNT_ID}:job/*`))
    await sandbox.setIamEnforcement(true)
    const as = (credentials: typeof reader) => testClients(sandbox, sandbox.region, { credentials }).s3control
    expect(await everyOperation(as(reader), JobId)).toEqual([
      'ListJobs ok', 'DescribeJob ok', 'UpdateJobPriority 403 AccessDenied', 'GetJobTagging ok',
      'PutJobTagging 403 AccessDenied', 'DeleteJobTagging 403 AccessDenied', 'UpdateJobStatus 403 AccessDenied',
    ])
    expect((await everyOperation(as(reader), otherJob)).filter((line) => line.endsWith(' ok'))).toEqual(['ListJobs ok'])
    // s3:*Job* on job ARNs covers every job operation, but not ListJobs, whose resource is `*`.
    expect(await everyOperation(as(operator), JobId)).toEqual([
      'ListJobs 403 AccessDenied', 'DescribeJob ok', 'UpdateJobPriority ok', 'GetJobTagging ok', 'PutJobTagging ok', 'DeleteJobTagging ok', 'UpdateJobStatus ok',
    ])
  })

  it('has aws:RequestedRegion in the request context (a Region-guarded estate)', async () => {
    const guarded = await createUser(admin.iam, 'guarded', allow('*', '*'),
      { Effect: 'Deny', Action: 's3:CreateJob', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } })
    await sandbox.setIamEnforcement(true)
    const create = (region: string) => outcome(testClients(sandbox, region, { credentials: guarded }).s3control.send(new CreateJobCommand(job())))
    expect([await create('us-east-1'), await create('us-west-2')]).toEqual(['ok', '403 AccessDenied'])
  })

  it('checks nothing with enforcement off', async () => {
    const nobody = await createUser(admin.iam, 'nobody')
    expect(await outcome(testClients(sandbox, sandbox.region, { credentials: nobody }).s3control.send(new CreateJobCommand(job())))).toBe('ok')
  })
})
