import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  PutGroupPolicyCommand,
  paginateSimulatePrincipalPolicy,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'
import { SANDBOX_ACCOUNT_ID, type Sandbox } from '../../sandbox.js'
import { ACCOUNT_B, createUser, outcome, policyDocument } from '../../test-support/accounts.js'
import { awsCli, independentClientEnv } from '../../test-support/cli.js'
import { BATCH_TRUST_POLICY, testClients, type TestClients } from '../../test-support/clients.js'
import { useSandbox } from '../../testing.js'

let sandbox: Sandbox
let a: TestClients
const USER = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/alice`

useSandbox((started) => (sandbox = started))
beforeEach(async () => {
  a = testClients(sandbox)
  await createUser(a.iam, 'alice',
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/secret/*' },
  )
})

/** Decision, matched statements and per-resource decisions, as compact text. */
function summary(result: EvaluationResult): string {
  const matched = (result.MatchedStatements ?? []).map((s) => `${s.SourcePolicyType}:${s.SourcePolicyId}`).join(',')
  const perResource = (result.ResourceSpecificResults ?? []).map((r) => `${r.EvalResourceName}=${r.EvalResourceDecision}`).join(' ')
  return `${result.EvalActionName} ${result.EvalResourceName ?? '-'} ${result.EvalDecision} [${matched}] {${perResource}}`
}

describe('SimulatePrincipalPolicy through the unmodified SDK (IAM API SimulatePrincipalPolicy)', () => {
  it('answers one result per action, the most restrictive of its resources, with each resource’s own', async () => {
    const { EvaluationResults = [], IsTruncated } = await a.iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: USER,
      ActionNames: ['s3:GetObject', 's3:PutObject'],
      ResourceArns: ['arn:aws:s3:::data/k', 'arn:aws:s3:::data/secret/s'],
    }))
    expect(IsTruncated).toBe(false)
    expect(EvaluationResults.map(summary)).toEqual([
      's3:GetObject - explicitDeny [user:inline] {arn:aws:s3:::data/k=allowed arn:aws:s3:::data/secret/s=explicitDeny}',
      's3:PutObject - implicitDeny [] {arn:aws:s3:::data/k=implicitDeny arn:aws:s3:::data/secret/s=implicitDeny}',
    ])
  })

  it('includes the user’s groups and attached managed policies, and defaults ResourceArns to *', async () => {
    await a.iam.send(new CreateGroupCommand({ GroupName: 'readers' }))
    await a.iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'alice' }))
    await a.iam.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'list', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }) }))
    const { Policy } = await a.iam.send(new CreatePolicyCommand({ PolicyName: 'jobs', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 's3:*Job', Resource: '*' }) }))
    await a.iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: Policy?.Arn }))
    const { EvaluationResults = [] } = await a.iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: USER, ActionNames: ['s3:ListBucket', 's3:CreateJob', 'S3:DESCRIBEJOB', 's3:ListJobs'],
    }))
    expect(EvaluationResults.map(summary)).toEqual([
      's3:ListBucket * allowed [group:list] {}',
      's3:CreateJob * allowed [user-managed:jobs] {}',
      'S3:DESCRIBEJOB * allowed [user-managed:jobs] {}',
      's3:ListJobs * implicitDeny [] {}',
    ])
  })

  it('uses ContextEntries as the request context and reports the keys it missed', async () => {
    await createUser(a.iam, 'passer', { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'batchoperations.s3.amazonaws.com' } } })
    const simulatePass = (ContextEntries?: object[]) => a.iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/passer`, ActionNames: ['iam:PassRole'], ...(ContextEntries ? { ContextEntries } : {}),
    }))
    const missing = (await simulatePass()).EvaluationResults?.[0]
    expect([missing?.EvalDecision, missing?.MissingContextValues]).toEqual(['implicitDeny', ['iam:PassedToService']])
    const entry = (value: string) => [{ ContextKeyName: 'iam:PassedToService', ContextKeyValues: [value], ContextKeyType: 'string' as const }]
    expect((await simulatePass(entry('batchoperations.s3.amazonaws.com'))).EvaluationResults?.[0]?.EvalDecision).toBe('allowed')
    expect((await simulatePass(entry('ec2.amazonaws.com'))).EvaluationResults?.[0]?.EvalDecision).toBe('implicitDeny')
  })

  it('pages with MaxItems and Marker (the SDK paginator reads every page)', async () => {
    const actions = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetObjectTagging']
    const first = await a.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER, ActionNames: actions, MaxItems: 2 }))
    expect([first.EvaluationResults?.length, first.IsTruncated, typeof first.Marker]).toEqual([2, true, 'string'])
    const pages: string[][] = []
    for await (const page of paginateSimulatePrincipalPolicy({ client: a.iam, pageSize: 2 }, { PolicySourceArn: USER, ActionNames: actions })) {
      pages.push((page.EvaluationResults ?? []).map((result) => result.EvalActionName ?? ''))
    }
    expect(pages).toEqual([actions.slice(0, 2), actions.slice(2, 4), actions.slice(4)])
  })

  it('refuses an unknown principal (404 NoSuchEntity), another account’s, and a ResourcePolicy for a role without CallerArn', async () => {
    const simulateFor = (PolicySourceArn: string, extra: object = {}) => a.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn, ActionNames: ['s3:GetObject'], ...extra }))
    await sandbox.createAccount(ACCOUNT_B)
    await a.iam.send(new CreateRoleCommand({ RoleName: 'batch', AssumeRolePolicyDocument: BATCH_TRUST_POLICY }))
    const resourcePolicy = { ResourcePolicy: policyDocument({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }) }
    expect([
      await outcome(simulateFor(`arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/nobody`)),
      await outcome(simulateFor(`arn:aws:iam::${ACCOUNT_B}:user/sandbox-admin`)),
      await outcome(simulateFor(`arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/batch`, resourcePolicy)),
      await outcome(simulateFor(`arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/batch`, { ...resourcePolicy, CallerArn: USER })),
      await outcome(simulateFor(`arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/batch`, { CallerArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/batch` })),
    ]).toEqual(['404 NoSuchEntityException', '404 NoSuchEntityException', '400 InvalidInputException', 'ok', '400 InvalidInputException'])
  })
})

describe('SimulateCustomPolicy (IAM API SimulateCustomPolicy)', () => {
  it('evaluates a resource policy of another account against CallerArn: both policies must allow', async () => {
    const identity = policyDocument({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b-data/*' })
    const simulateCustom = (statement: object) => a.iam.send(new SimulateCustomPolicyCommand({
      PolicyInputList: [identity], ActionNames: ['s3:GetObject', 's3:PutObject'], ResourceArns: ['arn:aws:s3:::b-data/k'],
      ResourcePolicy: policyDocument(statement), ResourceOwner: `arn:aws:iam::${ACCOUNT_B}:root`, CallerArn: USER,
    }))
    const forAccountA = await simulateCustom({ Effect: 'Allow', Principal: { AWS: SANDBOX_ACCOUNT_ID }, Action: 's3:*', Resource: 'arn:aws:s3:::b-data/*' })
    expect(forAccountA.EvaluationResults?.map(summary)).toEqual([
      's3:GetObject arn:aws:s3:::b-data/k allowed [none:PolicyInputList.1,resource:ResourcePolicy] {arn:aws:s3:::b-data/k=allowed}',
      's3:PutObject arn:aws:s3:::b-data/k implicitDeny [] {arn:aws:s3:::b-data/k=implicitDeny}',
    ])
    const forSomeoneElse = await simulateCustom({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/bob` }, Action: 's3:*', Resource: '*' })
    expect(forSomeoneElse.EvaluationResults?.[0]?.EvalDecision).toBe('implicitDeny')
  })

  it('needs CallerArn with a ResourcePolicy, and a policy that parses', async () => {
    const simulateCustom = (extra: object) => a.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policyDocument()], ActionNames: ['s3:GetObject'], ...extra }))
    expect(await outcome(simulateCustom({ ResourcePolicy: policyDocument() }))).toBe('400 InvalidInputException')
    expect(await outcome(simulateCustom({ PolicyInputList: ['{not json'] }))).toBe('400 InvalidInputException')
    expect(await outcome(simulateCustom({}))).toBe('ok')
  })
})

describe('the caller of a simulation, IAM enforcement on', () => {
  it('needs iam:SimulatePrincipalPolicy on the PolicySourceArn, or iam:SimulateCustomPolicy (403 AccessDenied)', async () => {
    const simulator = await createUser(a.iam, 'simulator', { Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: USER })
    const iam = testClients(sandbox, sandbox.region, { credentials: simulator }).iam
    await sandbox.setIamEnforcement(true)
    const custom = new SimulateCustomPolicyCommand({ PolicyInputList: [policyDocument()], ActionNames: ['s3:GetObject'] })
    expect([
      await outcome(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER, ActionNames: ['s3:GetObject'] }))),
      await outcome(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/simulator`, ActionNames: ['s3:GetObject'] }))),
      await outcome(iam.send(custom)),
      await outcome(a.iam.send(custom)),
    ]).toEqual(['ok', '403 AccessDenied', '403 AccessDenied', 'ok'])
  })
})

// The AWS CLI (botocore) is an independent client: its own serialization of the lists and entries.
describe('the AWS CLI', { timeout: 120_000 }, () => {
  it('simulates a principal policy with context entries and resources', async () => {
    const answer = await awsCli(independentClientEnv(sandbox), 'iam', 'simulate-principal-policy', '--policy-source-arn', USER,
      '--action-names', 's3:GetObject', '--resource-arns', 'arn:aws:s3:::data/k', 'arn:aws:s3:::data/secret/s',
      '--context-entries', 'ContextKeyName=aws:SecureTransport,ContextKeyValues=true,ContextKeyType=boolean')
    expect(answer.EvaluationResults.map(summary)).toEqual([
      's3:GetObject - explicitDeny [user:inline] {arn:aws:s3:::data/k=allowed arn:aws:s3:::data/secret/s=explicitDeny}',
    ])
  })
})
