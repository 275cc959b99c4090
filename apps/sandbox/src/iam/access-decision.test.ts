import { describe, expect, it } from 'vitest'
import { accessRefusal, type AccessRequest } from './access-decision.js'
import type { PolicyStatement } from './policy-evaluator.js'
import { evaluateResourcePolicy, type Principal, type ResourceDecision } from './resource-policy.js'

const A = '111111111111'
const B = '222222222222'
const ROLE = `arn:aws:iam::${A}:role/copy`
const OBJECT = 'arn:aws:s3:::b-bucket/k'
const principal = (policies: PolicyStatement[] = [], partition = 'aws'): Principal => ({
  account: A,
  partition,
  arn: ROLE.replace('arn:aws:', `arn:${partition}:`),
  policies: [{ Statement: policies }],
})
const put = (Principal: PolicyStatement['Principal'], Effect = 'Allow', extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Effect,
  ...(Principal === undefined ? {} : { Principal }),
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::b-bucket/*',
  ...extra,
})

describe('evaluateResourcePolicy', () => {
  it.each<[string, PolicyStatement[], ResourceDecision, string?]>([
    ['no statement', [], 'implicitDeny'],
    ['"*"', [put('*')], 'allowed'],
    ['AWS "*"', [put({ AWS: '*' })], 'allowed'],
    ['the role itself', [put({ AWS: [ROLE] })], 'allowed'],
    ['its account by ID', [put({ AWS: A })], 'accountAllowed'],
    ['its account root', [put({ AWS: `arn:aws:iam::${A}:root` })], 'accountAllowed'],
    ['another account', [put({ AWS: `arn:aws:iam::${B}:root` })], 'implicitDeny'],
    ['another role of its account', [put({ AWS: `arn:aws:iam::${A}:role/other` })], 'implicitDeny'],
    ['a service principal', [put({ Service: 's3.amazonaws.com' })], 'implicitDeny'],
    ['the root of another partition', [put({ AWS: `arn:aws:iam::${A}:root` })], 'implicitDeny', 'aws-cn'],
    ['a Deny of everyone beside an Allow', [put({ AWS: ROLE }), put('*', 'Deny')], 'explicitDeny'],
    ['a Deny with NotPrincipal naming it', [put({ AWS: ROLE }), { ...put(undefined, 'Deny'), NotPrincipal: { AWS: ROLE } }], 'allowed'],
    ['a condition on s3:ResourceAccount that holds', [put({ AWS: A }, 'Allow', { Condition: { StringEquals: { 's3:ResourceAccount': B } } })], 'accountAllowed'],
    ['a statement without Principal (invalid in a resource policy)', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], 'implicitDeny'],
  ])('%s', (_case, statements, expected, partition = 'aws') => {
    expect(evaluateResourcePolicy({ Statement: statements }, principal([], partition), 's3:PutObject', OBJECT, { 's3:ResourceAccount': B })).toBe(expected)
  })
})

describe('accessRefusal', () => {
  const allowAll: PolicyStatement = { Effect: 'Allow', Action: 's3:*', Resource: '*' }
  const request = (overrides: Partial<AccessRequest>): AccessRequest => ({
    principal: principal([allowAll]),
    action: 's3:PutObject',
    resource: OBJECT,
    owner: B,
    resourcePolicy: undefined,
    ...overrides,
  })
  it.each<[string, Partial<AccessRequest>, RegExp | undefined]>([
    ['cross-account without a resource policy', {}, /because no resource-based policy allows the s3:PutObject action$/],
    ['cross-account with the account named', { resourcePolicy: { Statement: [put({ AWS: A })] } }, undefined],
    ['cross-account without the identity policy', { principal: principal(), resourcePolicy: { Statement: [put({ AWS: ROLE })] } }, /because no identity-based policy allows/],
    [
      's3:ResourceAccount in the identity policy is the owner’s account',
      { principal: principal([{ ...allowAll, Condition: { StringEquals: { 's3:ResourceAccount': A } } }]), resourcePolicy: { Statement: [put({ AWS: A })] } },
      /no identity-based policy/,
    ],
    ['an explicit Deny in the resource policy, same account too', { owner: A, resourcePolicy: { Statement: [put('*', 'Deny')] } }, /explicit deny in a resource-based policy/],
    ['same account: the identity policy is enough', { owner: A }, undefined],
    ['same account: a resource policy naming the role is enough', { owner: A, principal: principal(), resourcePolicy: { Statement: [put({ AWS: ROLE })] } }, undefined],
    ['same account: one naming only the account is not', { owner: A, principal: principal(), resourcePolicy: { Statement: [put({ AWS: A })] } }, /no identity-based policy/],
    ['same account, identity checked by moto: only a Deny is left', { owner: A, principal: principal(), identityChecked: true }, undefined],
    ['an explicit Deny in the identity policy', { principal: principal([allowAll, { ...allowAll, Effect: 'Deny' }]), resourcePolicy: { Statement: [put('*')] } }, /explicit deny in an identity-based policy/],
  ])('%s', (_case, overrides, refused) => {
    const refusal = accessRefusal(request(overrides))
    if (refused === undefined) expect(refusal).toBeUndefined()
    else expect(refusal).toMatchObject({ httpStatus: 403, errorCode: 'AccessDenied', message: expect.stringMatching(refused) })
  })

  it('names the role’s session as the actor, as AWS does', () => {
    expect(accessRefusal(request({}))?.message).toBe(
      `User: arn:aws:sts::${A}:assumed-role/copy/s3-seed-sandbox is not authorized to perform: s3:PutObject on resource: "${OBJECT}" because no resource-based policy allows the s3:PutObject action`,
    )
  })
})
