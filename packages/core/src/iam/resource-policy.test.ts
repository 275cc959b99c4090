import { describe, expect, it } from 'vitest'
import { policyAllows } from './resource-policy.js'

const ROLE = 'arn:aws:iam::111111111111:role/s3-seed-dst-abc'
const ask = { principalArn: ROLE, action: 's3:PutObject', resource: 'arn:aws:s3:::dst/logs/a' }
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement })
const allow = (extra: object = {}) => ({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::dst/*', ...extra })

describe('policyAllows', () => {
  it.each<[string, string | undefined, string]>([
    ['no policy', undefined, 'denied'],
    ['the role, the action, a wildcard resource', policy(allow()), 'allowed'],
    ['the role\'s account root', policy(allow({ Principal: { AWS: 'arn:aws:iam::111111111111:root' } })), 'allowed'],
    ['the bare account ID', policy(allow({ Principal: { AWS: '111111111111' } })), 'allowed'],
    ['everyone', policy(allow({ Principal: '*' })), 'allowed'],
    ['s3:* actions, any case', policy(allow({ Action: ['S3:*'] })), 'allowed'],
    ['another account', policy(allow({ Principal: { AWS: 'arn:aws:iam::222222222222:root' } })), 'denied'],
    ['another prefix', policy(allow({ Resource: 'arn:aws:s3:::dst/other/*' })), 'denied'],
    ['another partition', policy(allow({ Resource: 'arn:aws-cn:s3:::dst/*' })), 'denied'],
    ['an explicit Deny over an Allow', policy(allow(), { ...allow(), Effect: 'Deny' }), 'denied'],
    ['an Allow with a condition s3-seed does not evaluate', policy(allow({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })), 'unknown'],
    ['a Deny with a condition over an Allow (it may apply)', policy(allow(), { ...allow(), Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), 'unknown'],
    ['NotPrincipal', policy({ Effect: 'Allow', NotPrincipal: { AWS: 'x' }, Action: '*', Resource: '*' }), 'unknown'],
    ['not JSON', '{', 'unknown'],
  ])('%s', (_, text, answer) => {
    expect(policyAllows(text, ask)).toBe(answer)
  })
})
