import { CreateRoleCommand, PutRolePolicyCommand, SimulatePrincipalPolicyCommand, type IAMClient, type SimulatePrincipalPolicyCommandInput } from '@aws-sdk/client-iam'
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand, DescribeJobCommand, type CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Credentials } from '../../aws-clients.js'
import { SANDBOX_ACCOUNT_ID, type Sandbox } from '../../sandbox.js'
import { ACCOUNT_B, createUser, outcome, policyDocument, putBucketPolicy } from '../../test-support/accounts.js'
import { awsCli, independentClientEnv } from '../../test-support/cli.js'
import { createBatchRole, createBucket, putManifest, testClients, type TestClients } from '../../test-support/clients.js'
import { useSandbox } from '../../testing.js'

// Enforcement and simulation must agree: each row is made for real through the gateway with IAM
// enforcement on, and asked of SimulatePrincipalPolicy the way a client would ask it (with the
// bucket's policy and owner for another account's bucket, and the request's context keys).
let sandbox: Sandbox
let a: TestClients
let b: TestClients
const A = SANDBOX_ACCOUNT_ID
const arn = (kind: string, name: string, account = A) => `arn:aws:iam::${account}:${kind}/${name}`
const BATCH_ROLE = arn('role', 'batch')
const allow = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra })

/** The buckets' owners and policies, as the tests put them. */
const BUCKETS: Record<string, { owner: string; policy?: object[] }> = {
  'a-own': { owner: A, policy: [allow('s3:PutObject', 'arn:aws:s3:::a-own/inbox/*', { Principal: { AWS: arn('user', 'b-user', ACCOUNT_B) } })] },
  'b-open': {
    owner: ACCOUNT_B,
    policy: [
      allow('s3:GetObject', 'arn:aws:s3:::b-open/*', { Principal: { AWS: `arn:aws:iam::${A}:root` } }),
      allow('s3:ListBucket', 'arn:aws:s3:::b-open', { Principal: { AWS: A } }),
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b-open/secret/*' },
    ],
  },
  'b-closed': { owner: ACCOUNT_B },
}

interface Principal { arn: string; account: string; credentials: Credentials }
const principals: Record<string, Principal> = {}
let jobId = ''
let etag = ''

useSandbox((started) => (sandbox = started), { resetEachTest: false })
beforeAll(async () => {
  const accountB = await sandbox.createAccount(ACCOUNT_B)
  a = testClients(sandbox)
  b = testClients(sandbox, sandbox.region, { credentials: accountB.credentials })
  for (const [bucket, { owner, policy }] of Object.entries(BUCKETS)) {
    const s3 = owner === A ? a.s3 : b.s3
    await createBucket(s3, bucket)
    for (const key of ['k', 'secret/s']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))
    if (policy) await putBucketPolicy(s3, bucket, ...policy)
  }
  await createBatchRole(a.iam, 'batch')
  etag = await putManifest(a.s3, 'a-own', 'manifest.csv', [['a-own', 'k']])
  const user = async (iam: IAMClient, name: string, account: string, ...statements: object[]) => {
    principals[name] = { arn: arn('user', name, account), account, credentials: await createUser(iam, name, ...statements) }
  }
  await user(a.iam, 'restricted', A,
    allow('s3:GetObject', ['arn:aws:s3:::a-own/*', 'arn:aws:s3:::b-closed/*']),
    allow('s3:GetObject', 'arn:aws:s3:::b-open/*', { Condition: { StringEquals: { 's3:ResourceAccount': ACCOUNT_B } } }),
    allow('s3:PutObject', 'arn:aws:s3:::a-own/*'),
    { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::a-own/locked/*' },
    allow('s3:ListBucket', ['arn:aws:s3:::a-own', 'arn:aws:s3:::b-closed']),
    allow(['s3:CreateJob', 's3:DescribeJob'], ['*']),
    allow('iam:PassRole', BATCH_ROLE, { Condition: { StringEquals: { 'iam:PassedToService': 'batchoperations.s3.amazonaws.com' } } }),
  )
  await user(a.iam, 'jobless', A, allow('s3:*Object', '*'), allow('iam:PassRole', '*'))
  await user(a.iam, 'no-pass', A, allow('s3:DescribeJob', 'arn:aws:s3:*:*:job/nothing-*'), allow('s3:CreateJob', '*'))
  await user(b.iam, 'b-user', ACCOUNT_B, allow(['s3:GetObject', 's3:PutObject'], '*'))
  await a.iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }) }))
  await a.iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read', PolicyDocument: policyDocument(allow('s3:GetObject', '*'), allow('s3:ListBucket', 'arn:aws:s3:::b-open')) }))
  principals.reader = { arn: arn('role', 'reader'), account: A, credentials: await assumeRole(arn('role', 'reader')) }
  jobId = (await a.s3control.send(new CreateJobCommand(createJob()))).JobId ?? ''
  await sandbox.setIamEnforcement(true)
})

async function assumeRole(RoleArn: string): Promise<Credentials> {
  const sts = new STSClient({ endpoint: sandbox.endpoint, region: sandbox.region, credentials: sandbox.credentials })
  const { Credentials: issued } = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'agreement' }))
  return { accessKeyId: issued?.AccessKeyId ?? '', secretAccessKey: issued?.SecretAccessKey ?? '', sessionToken: issued?.SessionToken ?? '' }
}

function createJob(): CreateJobCommandInput {
  return {
    AccountId: A, ClientRequestToken: `t-${Math.random()}`, ConfirmationRequired: true, Priority: 1, RoleArn: BATCH_ROLE,
    Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::a-own', TargetKeyPrefix: 'copies/' } },
    Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: 'arn:aws:s3:::a-own/manifest.csv', ETag: etag } },
    Report: { Enabled: false },
  }
}

type Kind = 'GetObject' | 'PutObject' | 'ListBucket' | 'CreateJob' | 'DescribeJob'
interface Row { who: string; kind: Kind; target: string }

/** The questions a client asks SimulatePrincipalPolicy about a row; the row is allowed when every answer is. */
function questions({ who, kind, target }: Row): SimulatePrincipalPolicyCommandInput[] {
  const principal = principals[who]!
  const source = { PolicySourceArn: principal.arn }
  if (kind === 'CreateJob') {
    return [
      { ...source, ActionNames: ['s3:CreateJob'] },
      { ...source, ActionNames: ['iam:PassRole'], ResourceArns: [BATCH_ROLE], ContextEntries: [{ ContextKeyName: 'iam:PassedToService', ContextKeyValues: ['batchoperations.s3.amazonaws.com'], ContextKeyType: 'string' }] },
    ]
  }
  if (kind === 'DescribeJob') return [{ ...source, ActionNames: ['s3:DescribeJob'], ResourceArns: [`arn:aws:s3:${sandbox.region}:${A}:job/${jobId}`] }]
  const [bucket = ''] = target.split('/')
  const { owner, policy } = BUCKETS[bucket]!
  const ownPolicyOnly = owner === principal.account && principal.arn.includes(':role/')
  return [{
    ...source,
    ActionNames: [`s3:${kind}`],
    ResourceArns: [`arn:aws:s3:::${target}`],
    ContextEntries: [{ ContextKeyName: 's3:ResourceAccount', ContextKeyValues: [owner], ContextKeyType: 'string' }],
    ...(owner === principal.account ? {} : { ResourceOwner: owner }),
    // A role cannot be the caller a resource policy is evaluated against (IAM API
    // SimulatePrincipalPolicy, CallerArn): a user of its account stands in, as the policies here name accounts.
    ...(policy === undefined || ownPolicyOnly ? {} : { ResourcePolicy: policyDocument(...policy) }),
    ...(policy !== undefined && !ownPolicyOnly && principal.arn.includes(':role/') ? { CallerArn: principals.restricted!.arn } : {}),
  }]
}

async function real({ who, kind, target }: Row): Promise<string> {
  const clients = testClients(sandbox, sandbox.region, { credentials: principals[who]!.credentials })
  const [Bucket = '', ...key] = target.split('/')
  const call = {
    GetObject: () => clients.s3.send(new GetObjectCommand({ Bucket, Key: key.join('/') })),
    PutObject: () => clients.s3.send(new PutObjectCommand({ Bucket, Key: key.join('/'), Body: 'x' })),
    ListBucket: () => clients.s3.send(new ListObjectsV2Command({ Bucket })),
    CreateJob: () => clients.s3control.send(new CreateJobCommand(createJob())),
    DescribeJob: () => clients.s3control.send(new DescribeJobCommand({ AccountId: A, JobId: jobId })),
  }[kind]
  const result = await outcome(call())
  return result === 'ok' ? 'allowed' : result === '403 AccessDenied' ? 'denied' : result
}

async function simulated(row: Row): Promise<string> {
  const iam = principals[row.who]!.account === A ? a.iam : b.iam
  const answers = await Promise.all(questions(row).map((input) => iam.send(new SimulatePrincipalPolicyCommand(input))))
  return answers.every((answer) => answer.EvaluationResults?.[0]?.EvalDecision === 'allowed') ? 'allowed' : 'denied'
}

const ROWS: Array<[string, Kind, string, 'allowed' | 'denied']> = [
  ['restricted', 'GetObject', 'a-own/k', 'allowed'],
  ['restricted', 'GetObject', 'b-open/k', 'allowed'], // cross-account: bucket policy names A's root
  ['restricted', 'GetObject', 'b-open/secret/s', 'denied'], // the bucket policy's Deny
  ['restricted', 'GetObject', 'b-closed/k', 'denied'], // cross-account, no bucket policy
  ['restricted', 'PutObject', 'a-own/new', 'allowed'],
  ['restricted', 'PutObject', 'a-own/locked/x', 'denied'], // identity Deny
  ['restricted', 'ListBucket', 'a-own', 'allowed'],
  ['restricted', 'ListBucket', 'b-open', 'denied'], // the bucket allows, the identity does not
  ['restricted', 'ListBucket', 'b-closed', 'denied'],
  ['restricted', 'CreateJob', '*', 'allowed'],
  ['restricted', 'DescribeJob', 'job', 'allowed'],
  ['jobless', 'CreateJob', '*', 'denied'],
  ['jobless', 'DescribeJob', 'job', 'denied'],
  ['no-pass', 'CreateJob', '*', 'denied'], // s3:CreateJob but no iam:PassRole
  ['no-pass', 'DescribeJob', 'job', 'denied'], // allowed on other jobs' ARNs only
  ['reader', 'GetObject', 'b-open/k', 'allowed'],
  ['reader', 'GetObject', 'b-closed/k', 'denied'],
  ['reader', 'ListBucket', 'b-open', 'allowed'],
  ['reader', 'PutObject', 'a-own/new', 'denied'],
  ['b-user', 'PutObject', 'a-own/inbox/x', 'allowed'], // a-own's policy names the user of B
  ['b-user', 'PutObject', 'a-own/other', 'denied'],
  ['b-user', 'GetObject', 'a-own/k', 'denied'],
  ['b-user', 'GetObject', 'b-closed/k', 'allowed'], // its own account's bucket
]

describe('IAM enforcement and SimulatePrincipalPolicy agree', { timeout: 120_000 }, () => {
  it('on every row, with allowed and denied rows of every kind', async () => {
    const lines: string[] = []
    for (const [who, kind, target] of ROWS) {
      const row = { who, kind, target }
      lines.push(`${who} ${kind} ${target}: real ${await real(row)}, simulated ${await simulated(row)}`)
    }
    expect(lines).toEqual(ROWS.map(([who, kind, target, decision]) => `${who} ${kind} ${target}: real ${decision}, simulated ${decision}`))
    for (const kind of new Set(ROWS.map((row) => row[1]))) {
      expect(new Set(ROWS.filter((row) => row[1] === kind).map((row) => row[3])), kind).toEqual(new Set(['allowed', 'denied']))
    }
  })

  it('the AWS CLI asks the cross-account questions and gets the same answers', async () => {
    const env = independentClientEnv(sandbox)
    for (const target of ['b-open/k', 'b-open/secret/s']) {
      const [question] = questions({ who: 'restricted', kind: 'GetObject', target })
      const answer = await awsCli(env, 'iam', 'simulate-principal-policy', '--cli-input-json', JSON.stringify(question))
      expect(answer.EvaluationResults[0].EvalDecision).toBe(target === 'b-open/k' ? 'allowed' : 'explicitDeny')
    }
  })

  it('needs the context a client passes: without s3:ResourceAccount the conditional Allow does not apply', async () => {
    const [question] = questions({ who: 'restricted', kind: 'GetObject', target: 'b-open/k' })
    const { EvaluationResults } = await a.iam.send(new SimulatePrincipalPolicyCommand({ ...question!, ContextEntries: [] }))
    expect([EvaluationResults?.[0]?.EvalDecision, EvaluationResults?.[0]?.MissingContextValues]).toEqual(['implicitDeny', ['s3:ResourceAccount']])
  })
})
