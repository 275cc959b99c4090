import { describe, expect, it } from 'vitest'
import type { NamedPolicy } from '../access-facts.js'
import { simulate, type SimulationSubject } from './simulate.js'
import { parseSimulationInput, SimulationError } from './simulation-input.js'

const A = '111111111111'
const B = '222222222222'
const USER = `arn:aws:iam::${A}:user/u`
const identity: NamedPolicy = {
  id: 'inline',
  type: 'user',
  document: {
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
    ],
  },
}
const subject: SimulationSubject = { policies: [identity], caller: { arn: USER, account: A, partition: 'aws' } }
const bucketPolicy = (principal: string) =>
  JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] })

/** Simulates the form fields given (ActionNames s3:GetObject unless given) and returns `decision [matched] missing`. */
function run(fields: Record<string, string>, who: SimulationSubject = subject): string[] {
  const form = new URLSearchParams({ 'PolicyInputList.member.1': '{}', 'ActionNames.member.1': 's3:GetObject', ...fields })
  return simulate(parseSimulationInput('SimulateCustomPolicy', form), who).map((result) => {
    const matched = result.matched.map((statement) => `${statement.sourcePolicyType}:${statement.sourcePolicyId}`).join(',')
    return `${result.decision} [${matched}] ${result.missingContextValues.join(',')}`.trim()
  })
}

describe('simulate (IAM API SimulatePrincipalPolicy semantics, the sandbox’s access decision)', () => {
  it.each([
    ['own account, no resource policy', { 'ResourceArns.member.1': 'arn:aws:s3:::b/k' }, 'allowed [user:inline]'],
    ['another owner, no resource policy', { 'ResourceArns.member.1': 'arn:aws:s3:::b/k', ResourceOwner: B }, 'implicitDeny []'],
    ['another owner whose policy names the account', { 'ResourceArns.member.1': 'arn:aws:s3:::b/k', ResourceOwner: `arn:aws:iam::${B}:root`, ResourcePolicy: bucketPolicy(A) }, 'allowed [user:inline,resource:ResourcePolicy]'],
    ['another owner whose policy names someone else', { 'ResourceArns.member.1': 'arn:aws:s3:::b/k', ResourceOwner: B, ResourcePolicy: bucketPolicy(`arn:aws:iam::${A}:user/other`) }, 'implicitDeny []'],
    ['a key ARN names its owner, whatever ResourceOwner says', { 'ActionNames.member.1': 'kms:Decrypt', 'ResourceArns.member.1': `arn:aws:kms:us-east-1:${B}:key/k`, ResourceOwner: A }, 'implicitDeny [] kms:ViaService'],
    ['a missing context key', { 'ActionNames.member.1': 'kms:Decrypt' }, 'implicitDeny [] kms:ViaService'],
    [
      'the context key given',
      { 'ActionNames.member.1': 'kms:Decrypt', 'ContextEntries.member.1.ContextKeyName': 'kms:ViaService', 'ContextEntries.member.1.ContextKeyValues.member.1': 's3.us-east-1.amazonaws.com', 'ContextEntries.member.1.ContextKeyType': 'string' },
      'allowed [user:inline]',
    ],
  ])('%s', (_name, fields, expected) => {
    expect(run(fields)).toEqual([expected])
  })

  it('answers the most restrictive decision of an action’s resources, with each resource’s own', () => {
    const deny = { id: 'deny', type: 'user-managed', document: { Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::b/secret/*' }] } }
    const input = parseSimulationInput('SimulatePrincipalPolicy', new URLSearchParams({
      PolicySourceArn: USER, 'ActionNames.member.1': 's3:GetObject', 'ActionNames.member.2': 's3:PutObject',
      'ResourceArns.member.1': 'arn:aws:s3:::b/k', 'ResourceArns.member.2': 'arn:aws:s3:::b/secret/s',
    }))
    const results = simulate(input, { ...subject, policies: [identity, deny] })
    expect(results.map((result) => [result.action, result.resource, result.decision, result.matched, result.perResource?.map((r) => r.decision)])).toEqual([
      ['s3:GetObject', undefined, 'explicitDeny', [{ sourcePolicyId: 'deny', sourcePolicyType: 'user-managed' }], ['allowed', 'explicitDeny']],
      ['s3:PutObject', undefined, 'explicitDeny', [{ sourcePolicyId: 'deny', sourcePolicyType: 'user-managed' }], ['implicitDeny', 'explicitDeny']],
    ])
  })

  it.each([
    [{}, 'ActionNames must name at least one action.'],
    [{ 'ActionNames.member.1': 's3:GetObject', ResourceOwner: 'someone' }, 'ResourceOwner must be an account ID'],
    [{ 'ActionNames.member.1': 's3:GetObject', 'PermissionsBoundaryPolicyInputList.member.1': '{}' }, 'not simulated by the s3-seed sandbox'],
    [{ 'ActionNames.member.1': 's3:GetObject', MaxItems: '0' }, 'MaxItems must be an integer from 1 to 1000.'],
  ])('refuses %j with InvalidInput', (fields, message) => {
    const parse = () => parseSimulationInput('SimulatePrincipalPolicy', new URLSearchParams({ PolicySourceArn: USER, ...fields }))
    expect(parse).toThrow(SimulationError)
    expect(parse).toThrow(message)
  })
})
