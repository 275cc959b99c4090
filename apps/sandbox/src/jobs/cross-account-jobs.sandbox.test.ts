import { GetObjectAclCommand, GetObjectCommand, HeadObjectCommand, PutBucketOwnershipControlsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand, type CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SandboxAccount } from '../accounts.js'
import { parseCsv } from '../csv.js'
import { SANDBOX_ACCOUNT_ID, type Sandbox } from '../sandbox.js'
import { ACCOUNT_B, outcome, putBucketPolicy } from '../test-support/accounts.js'
import { createBatchRole, createBucket, putManifest, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { createKmsKeys } from '../test-support/kms.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let a: TestClients
let b: TestClients
let accountB: SandboxAccount
let etag: string

const KEYS = ['one.txt', 'two.txt']
const ROLE = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/xa-copy`
const allow = (Action: string[], Resource: string[]) => ({ Effect: 'Allow', Action, Resource })
const ROLE_POLICY = [
  allow(['s3:GetObject', 's3:GetObjectTagging'], ['arn:aws:s3:::xa-source/*', 'arn:aws:s3:::xa-manifests/*']),
  allow(['s3:ListBucket', 's3:ListBucketVersions'], ['arn:aws:s3:::xa-source']),
  allow(['s3:PutObject', 's3:PutObjectTagging'], ['arn:aws:s3:::xb-destination/*', 'arn:aws:s3:::xa-manifests/*']),
]
/** The destination bucket policy that lets the role in A copy into B (UG batch-ops-examples-xcopy). */
const LET_THE_ROLE_WRITE = { Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['s3:PutObject', 's3:PutObjectTagging'], Resource: 'arn:aws:s3:::xb-destination/*' }

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  accountB = await sandbox.createAccount(ACCOUNT_B)
  a = testClients(sandbox)
  b = testClients(sandbox, sandbox.region, { credentials: accountB.credentials })
  for (const bucket of ['xa-source', 'xa-manifests']) await createBucket(a.s3, bucket)
  for (const key of KEYS) await a.s3.send(new PutObjectCommand({ Bucket: 'xa-source', Key: key, Body: key }))
  await createBucket(b.s3, 'xb-destination')
  await b.s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'xb-destination', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }))
  etag = await putManifest(a.s3, 'xa-manifests', 'm.csv', KEYS.map((key) => ['xa-source', key]))
})

function copyJob(overrides: Partial<CreateJobCommandInput> = {}): CreateJobCommandInput {
  return {
    AccountId: sandbox.accountId,
    ClientRequestToken: `t-${Math.random()}`,
    ConfirmationRequired: false,
    Priority: 1,
    RoleArn: ROLE,
    Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::xb-destination' } },
    Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: 'arn:aws:s3:::xa-manifests/m.csv', ETag: etag } },
    Report: { Enabled: true, Bucket: 'arn:aws:s3:::xa-manifests', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks', ExpectedBucketOwner: SANDBOX_ACCOUNT_ID },
    ...overrides,
  }
}

/** Runs the job under enforcement (creating the role first unless `created`), and returns it with its report rows. */
async function run(input: CreateJobCommandInput, created = false) {
  if (!created) await createBatchRole(a.iam, 'xa-copy', ROLE_POLICY)
  await sandbox.setIamEnforcement(true)
  const { JobId } = await a.s3control.send(new CreateJobCommand(input))
  const job = await waitForJob(a.s3control, sandbox.accountId, JobId!)
  const read = async (key: string) => (await a.s3.send(new GetObjectCommand({ Bucket: 'xa-manifests', Key: key }))).Body!.transformToString()
  const report = await read(`job-${JobId}/manifest.json`).then(JSON.parse, () => ({ Results: [] }))
  const rows: string[][] = []
  for (const result of report.Results as Array<{ Key: string }>) rows.push(...parseCsv(await read(result.Key)))
  return { job, rows }
}

describe('a copy job by a role of account A into a bucket of account B, IAM enforcement on', () => {
  it('fails each task AccessDenied without B’s bucket policy', async () => {
    const { job, rows } = await run(copyJob())
    expect(job.ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 0, NumberOfTasksFailed: 2 })
    expect(rows.map((row) => row.slice(3, 6))).toEqual([['failed', '403', 'AccessDenied'], ['failed', '403', 'AccessDenied']])
    expect(rows[0]?.[6]).toContain('because no resource-based policy allows the s3:PutObject action')
  })

  it('copies every object with it, each owned by B (BucketOwnerEnforced)', async () => {
    await putBucketPolicy(b.s3, 'xb-destination', LET_THE_ROLE_WRITE)
    const { job } = await run(copyJob())
    expect(job).toMatchObject({ Status: 'Complete', ProgressSummary: { NumberOfTasksSucceeded: 2, NumberOfTasksFailed: 0 } })
    for (const key of KEYS) {
      expect((await b.s3.send(new GetObjectAclCommand({ Bucket: 'xb-destination', Key: key }))).Owner?.ID).toBe(accountB.canonicalUserId)
    }
  })

  it('fails the job when Report.ExpectedBucketOwner, the generator’s ExpectedBucketOwner or ExpectedManifestBucketOwner name another owner', async () => {
    await putBucketPolicy(b.s3, 'xb-destination', LET_THE_ROLE_WRITE)
    const report = { Enabled: true, Bucket: 'arn:aws:s3:::xa-manifests', Format: 'Report_CSV_20180820' as const, ExpectedBucketOwner: ACCOUNT_B }
    const { job } = await run(copyJob({ Report: report }))
    expect(job.Status).toBe('Failed')
    expect(job.FailureReasons).toEqual([{ FailureCode: 'ReportWriteFailed', FailureReason: 'Unable to write the completion report to s3://xa-manifests/: AccessDenied' }])
    const generator = { S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::xa-source', ExpectedBucketOwner: ACCOUNT_B, EnableManifestOutput: false, Filter: {} } }
    const generated = await run(copyJob({ Manifest: undefined, ManifestGenerator: generator }), true)
    expect(generated.job.FailureReasons).toEqual([{ FailureCode: 'AccessDenied', FailureReason: 'Listing the source bucket xa-source failed: AccessDenied' }])
    const output = { Bucket: 'arn:aws:s3:::xa-manifests', ManifestFormat: 'S3InventoryReport_CSV_20211130' as const, ExpectedManifestBucketOwner: ACCOUNT_B }
    const written = { S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::xa-source', EnableManifestOutput: true, ManifestOutputLocation: output, Filter: {} } }
    const toOutput = await run(copyJob({ Manifest: undefined, ManifestGenerator: written }), true)
    expect(toOutput.job.FailureReasons).toEqual([{ FailureCode: 'AccessDenied', FailureReason: expect.stringMatching(/^Writing the generated manifest to s3:\/\/xa-manifests\/job-.*: AccessDenied$/) }])
  })

  it('refuses CreateJob in the name of another account than the credentials’ (403 AccessDenied)', async () => {
    await createBatchRole(a.iam, 'xa-copy', ROLE_POLICY)
    expect(await outcome(a.s3control.send(new CreateJobCommand(copyJob({ AccountId: ACCOUNT_B }))))).toBe('403 AccessDenied')
  })

  it('writes with a KMS key of B only when B’s key policy allows the role too', async () => {
    await putBucketPolicy(b.s3, 'xb-destination', LET_THE_ROLE_WRITE)
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' },
      ],
    }
    const { closed } = await createKmsKeys(sandbox, ['closed'], ACCOUNT_B)
    const { open } = await createKmsKeys(sandbox, ['open'], ACCOUNT_B, keyPolicy)
    await createBatchRole(a.iam, 'xa-copy', [...ROLE_POLICY, { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: [closed!.arn, open!.arn] }])
    const withKey = (arn: string) => copyJob({ Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::xb-destination', SSEAwsKmsKeyId: arn } } })
    const denied = await run(withKey(closed!.arn), true)
    expect(denied.rows[0]?.slice(3, 7)).toEqual(['failed', '403', 'AccessDenied', expect.stringContaining(`kms:GenerateDataKey on resource: "${closed!.arn}" because no resource-based policy allows`)])
    const allowed = await run(withKey(open!.arn), true)
    expect(allowed.job.ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 2 })
    expect((await b.s3.send(new HeadObjectCommand({ Bucket: 'xb-destination', Key: 'one.txt' }))).SSEKMSKeyId).toBe(open!.arn)
  })
})
