import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam'
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Credentials } from '../aws-clients.js'
import { SANDBOX_ACCOUNT_ID, type Sandbox } from '../sandbox.js'
import { createUser, outcome } from '../test-support/accounts.js'
import { createBucket, testClients, type TestClients } from '../test-support/clients.js'
import { useSandbox } from '../testing.js'

// Within one account the sandbox leaves identity policies of S3 requests to moto's own check
// (iam/s3-access.ts), which matches statements differently from IAM (IAM UG
// reference_policies_elements_action, _resource, _condition). Each probe puts one policy on a user of
// account A, makes the request for real (moto decides), and asks the sandbox's evaluator the same
// question through SimulatePrincipalPolicy, with the context a real request has. The table pins what
// was observed; a change in moto shows up here (README, "moto's identity-policy matching").
let sandbox: Sandbox
let a: TestClients
const A = SANDBOX_ACCOUNT_ID

useSandbox((started) => (sandbox = started), { resetEachTest: false })
beforeAll(async () => {
  a = testClients(sandbox)
  await createBucket(a.s3, 'probe')
  for (const key of ['k', 'secret/s', 'file.txt', 'fileXtxt']) await a.s3.send(new PutObjectCommand({ Bucket: 'probe', Key: key, Body: key }))
})

type Decision = 'allowed' | 'denied'
interface Probe {
  name: string
  statements: object[]
  action: 'GetObject' | 'PutObject'
  key: string
  /** What IAM does, by the IAM UG: what the sandbox's evaluator must answer. */
  iam: Decision
  /** What moto's enforcement was observed to do. */
  moto: Decision
}

const object = (key = '*') => `arn:aws:s3:::probe/${key}`
const PROBES: Probe[] = [
  { name: 'exact action and resource', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: object() }], action: 'GetObject', key: 'k', iam: 'allowed', moto: 'allowed' },
  { name: 'action in another case', statements: [{ Effect: 'Allow', Action: 's3:getobject', Resource: object() }], action: 'GetObject', key: 'k', iam: 'allowed', moto: 'denied' },
  { name: '`?` in the action', statements: [{ Effect: 'Allow', Action: 's3:GetObjec?', Resource: object() }], action: 'GetObject', key: 'k', iam: 'allowed', moto: 'denied' },
  { name: '`*` inside the action', statements: [{ Effect: 'Allow', Action: 's3:Get*ct', Resource: object() }], action: 'GetObject', key: 'k', iam: 'allowed', moto: 'allowed' },
  { name: '`.` in the resource is literal', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: object('file.txt') }], action: 'GetObject', key: 'fileXtxt', iam: 'denied', moto: 'allowed' },
  { name: 'NotAction', statements: [{ Effect: 'Allow', NotAction: 's3:PutObject', Resource: '*' }], action: 'PutObject', key: 'new', iam: 'denied', moto: 'denied' },
  { name: 'NotResource (Allow)', statements: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: object('secret/*') }], action: 'GetObject', key: 'secret/s', iam: 'denied', moto: 'allowed' },
  {
    name: 'NotResource (Deny)',
    statements: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', NotResource: object('secret/*') }],
    action: 'GetObject', key: 'k', iam: 'denied', moto: 'allowed',
  },
  {
    name: 'a failing StringEquals condition on an Allow',
    statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': '999999999999' } } }],
    action: 'GetObject', key: 'k', iam: 'denied', moto: 'allowed',
  },
  {
    name: 'a Deny whose StringNotEquals condition does not hold',
    statements: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': A } } }],
    action: 'GetObject', key: 'k', iam: 'allowed', moto: 'denied',
  },
]

async function real(s3: TestClients['s3'], probe: Probe): Promise<string> {
  const call = probe.action === 'GetObject'
    ? s3.send(new GetObjectCommand({ Bucket: 'probe', Key: probe.key }))
    : s3.send(new PutObjectCommand({ Bucket: 'probe', Key: probe.key, Body: 'x' }))
  const result = await outcome(call)
  return result === 'ok' ? 'allowed' : result === '403 AccessDenied' ? 'denied' : result
}

async function simulated(user: string, probe: Probe): Promise<string> {
  const context = { 's3:ResourceAccount': A, 'aws:PrincipalAccount': A, 'aws:PrincipalArn': user, 'aws:ResourceAccount': A }
  const { EvaluationResults } = await a.iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: user,
    ActionNames: [`s3:${probe.action}`],
    ResourceArns: [object(probe.key)],
    ContextEntries: Object.entries(context).map(([ContextKeyName, value]) => ({ ContextKeyName, ContextKeyValues: [value], ContextKeyType: 'string' })),
  }))
  return EvaluationResults?.[0]?.EvalDecision === 'allowed' ? 'allowed' : 'denied'
}

describe('moto’s own identity-policy matching against the sandbox’s evaluator, one account, IAM enforcement on', () => {
  it('differs where the table says, and only there', async () => {
    const users: Array<{ arn: string; credentials: Credentials }> = []
    for (const [index, probe] of PROBES.entries()) {
      users.push({ arn: `arn:aws:iam::${A}:user/probe-${index}`, credentials: await createUser(a.iam, `probe-${index}`, ...probe.statements) })
    }
    await sandbox.setIamEnforcement(true)
    const lines: string[] = []
    for (const [index, probe] of PROBES.entries()) {
      const user = users[index]!
      const s3 = testClients(sandbox, sandbox.region, { credentials: user.credentials }).s3
      lines.push(`${probe.name}: moto ${await real(s3, probe)}, sandbox ${await simulated(user.arn, probe)}`)
    }
    expect(lines).toEqual(PROBES.map((probe) => `${probe.name}: moto ${probe.moto}, sandbox ${probe.iam}`))
  })
})
