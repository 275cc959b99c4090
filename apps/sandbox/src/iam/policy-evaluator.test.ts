import { describe, expect, it } from 'vitest'
import { evaluatePolicies, type PolicyDocument, type PolicyStatement } from './policy-evaluator.js'
import { trustsService } from './trust-policy.js'

const policy = (...Statement: PolicyStatement[]): PolicyDocument => ({ Statement })
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234'
const S3_CONTEXT = { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::source/docs/a.txt' }

describe('evaluatePolicies', () => {
  it.each<[string, PolicyDocument[], string, string, ReturnType<typeof evaluatePolicies>]>([
    ['no policy', [], 's3:ReplicateObject', 'arn:aws:s3:::b/k', 'implicitDeny'],
    ['exact allow', [policy({ Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::b/k' })], 's3:ReplicateObject', 'arn:aws:s3:::b/k', 'allowed'],
    ['actions ignore case, wildcards match', [policy({ Effect: 'Allow', Action: ['S3:Replicate*'], Resource: 'arn:aws:s3:::b/*' })], 's3:ReplicateDelete', 'arn:aws:s3:::b/deep/k', 'allowed'],
    ['? matches one character', [policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b?/*' })], 's3:GetObject', 'arn:aws:s3:::b1/k', 'allowed'],
    ['resources keep case', [policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::B/*' })], 's3:GetObject', 'arn:aws:s3:::b/k', 'implicitDeny'],
    ['another bucket', [policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::other/*' })], 's3:GetObject', 'arn:aws:s3:::b/k', 'implicitDeny'],
    ['the bucket ARN is not its objects', [policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b' })], 's3:GetObject', 'arn:aws:s3:::b/k', 'implicitDeny'],
    [
      'an explicit Deny wins, across policies',
      [policy({ Effect: 'Allow', Action: '*', Resource: '*' }), policy({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' })],
      'kms:Decrypt', KEY, 'explicitDeny',
    ],
    ['NotAction', [policy({ Effect: 'Allow', NotAction: 'kms:*', Resource: '*' })], 'kms:Decrypt', KEY, 'implicitDeny'],
    ['NotResource', [policy({ Effect: 'Allow', Action: 'kms:*', NotResource: 'arn:aws:kms:*:*:key/other' })], 'kms:Decrypt', KEY, 'allowed'],
  ])('%s', (_case, policies, action, resource, expected) => {
    expect(evaluatePolicies(policies, action, resource)).toBe(expected)
  })

  it.each<[string, Record<string, Record<string, unknown>>, ReturnType<typeof evaluatePolicies>]>([
    ['StringLike on the UG replication example keys', { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::source/docs/*'] } }, 'allowed'],
    ['StringLike that does not match', { StringLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::source/other/*' } }, 'implicitDeny'],
    ['StringEquals, keys case-insensitive', { StringEquals: { 'KMS:VIASERVICE': 's3.us-east-1.amazonaws.com' } }, 'allowed'],
    ['a key the request lacks', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, 'implicitDeny'],
    ['IfExists with a key the request lacks', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, 'allowed'],
    ['a negated operator with a key the request lacks', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, 'allowed'],
    ['StringNotLike that matches', { StringNotLike: { 'kms:ViaService': 's3.*' } }, 'implicitDeny'],
    ['Null', { Null: { 'aws:SourceVpce': 'true' } }, 'allowed'],
    ['an operator the evaluator does not know', { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, 'implicitDeny'],
    ['a set operator', { 'ForAnyValue:StringLike': { 'kms:ViaService': 's3.*' } }, 'implicitDeny'],
  ])('conditions: %s', (_case, Condition, expected) => {
    expect(evaluatePolicies([policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY, Condition })], 'kms:Decrypt', KEY, S3_CONTEXT)).toBe(expected)
  })
})

describe('trustsService', () => {
  it('finds an Allow of sts:AssumeRole for the service principal', () => {
    const trust = (Principal: object, Action: string | string[] = 'sts:AssumeRole', Effect = 'Allow') => ({ Statement: [{ Effect, Principal, Action }] }) as never
    expect(trustsService(trust({ Service: 's3.amazonaws.com' }), 's3.amazonaws.com')).toBe(true)
    expect(trustsService(trust({ Service: ['batchoperations.s3.amazonaws.com', 's3.amazonaws.com'] }, 'sts:*'), 's3.amazonaws.com')).toBe(true)
    expect(trustsService(trust({ Service: 'batchoperations.s3.amazonaws.com' }), 's3.amazonaws.com')).toBe(false)
    expect(trustsService(trust({ Service: 's3.amazonaws.com' }, 'sts:AssumeRole', 'Deny'), 's3.amazonaws.com')).toBe(false)
    expect(trustsService(trust({ AWS: 'arn:aws:iam::123456789012:root' }), 's3.amazonaws.com')).toBe(false)
  })
})
