import { CreateRoleCommand, GetRolePolicyCommand, ListRolePoliciesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { ListJobsCommand } from '@aws-sdk/client-s3-control'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.js'
import { MANAGED_TAG, rolePolicyName } from '../layout.js'
import { seed } from '../seed.js'
import { seedMany } from '../seed-many.js'
import { createBucket, putObjects, sandboxClients, shortSleep } from '../test-support/sandbox.js'
import { trustPolicy } from './role-policy.js'

// ensureRole writes only onto s3-seed's own roles, and each pair onto its own policy of a shared role.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

const TRUST_EC2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })
const APP_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app/*' }] })

describe('roles that are not s3-seed\'s own', () => {
  it.each<[string, { trust: string; tagged: boolean }, RegExp]>([
    ['a role without the s3-seed:managed tag', { trust: trustPolicy(), tagged: false }, /does not carry s3-seed's s3-seed:managed tag/],
    ['a tagged role that trusts more than Batch Operations', { trust: TRUST_EC2, tagged: true }, /its trust policy allows more than batchoperations\.s3\.amazonaws\.com/],
  ])('refuses %s as --role-name, naming --role-arn, and changes nothing', async (_, role, reason) => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'app-source')
    await createBucket(clients, 'app-destination')
    await putObjects(clients, 'app-source', ['a'])
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: role.trust, ...(role.tagged ? { Tags: [MANAGED_TAG] } : {}) }))
    await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'app', PolicyDocument: APP_POLICY }))

    const attempt = seed({ source: 'app-source', destination: 'app-destination', roleName: 'app-role' }, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    await expect(attempt).rejects.toThrow(InvalidInputError)
    await expect(seed({ source: 'app-source', destination: 'app-destination', roleName: 'app-role' }, { clients })).rejects.toThrow(reason)
    await expect(seed({ source: 'app-source', destination: 'app-destination', roleName: 'app-role' }, { clients })).rejects.toThrow(/--role-arn arn:aws:iam::123456789012:role\/app-role/)

    const { PolicyNames } = await clients.iam.send(new ListRolePoliciesCommand({ RoleName: 'app-role' }))
    expect(PolicyNames).toEqual(['app'])
    const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'app' }))
    expect(JSON.parse(decodeURIComponent(PolicyDocument ?? ''))).toEqual(JSON.parse(APP_POLICY))
    const { Jobs } = await clients.s3control('us-east-1').send(new ListJobsCommand({ AccountId: sandbox.accountId }))
    expect(Jobs ?? []).toEqual([])
  })
})

describe('a role shared by several pairs', () => {
  it('gets one policy per pair, so no pair takes away another\'s access', async () => {
    const clients = sandboxClients(sandbox)
    for (const bucket of ['one-source', 'one-destination', 'two-source', 'two-destination']) await createBucket(clients, bucket)
    await putObjects(clients, 'one-source', ['a'])
    await putObjects(clients, 'two-source', ['b'])
    const pairs = [
      { source: 'one-source', destination: 'one-destination', roleName: 's3-seed-shared' },
      { source: 'two-source', destination: 'two-destination', roleName: 's3-seed-shared' },
    ]
    const outcomes = await seedMany(pairs, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    expect(outcomes.map((outcome) => ('result' in outcome ? outcome.result.kind : outcome.error.message))).toEqual(['finished', 'finished'])
    const { PolicyNames } = await clients.iam.send(new ListRolePoliciesCommand({ RoleName: 's3-seed-shared' }))
    expect(PolicyNames?.sort()).toEqual(pairs.map((pair) => rolePolicyName('list', { ...pair, prefix: '' })).sort())
    for (const pair of pairs) {
      const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: 's3-seed-shared', PolicyName: rolePolicyName('list', { ...pair, prefix: '' }) }))
      expect(decodeURIComponent(PolicyDocument ?? '')).toContain(`arn:aws:s3:::${pair.source}/`)
    }
  })
})

describe('a role for a prefix', () => {
  it('reads and writes objects under --prefix only, and still copies under IAM enforcement', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'scoped-source')
    await createBucket(clients, 'scoped-destination')
    await putObjects(clients, 'scoped-source', ['logs/a', 'other/b'])
    await sandbox.setIamEnforcement(true)
    const result = await seed({ source: 'scoped-source', destination: 'scoped-destination', prefix: 'logs/' }, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 1, succeeded: 1, failed: 0 } })
    const roleName = result.plan.role.kind === 'managed' ? result.plan.role.name : ''
    const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: rolePolicyName('list', result.plan) }))
    const statements = (JSON.parse(decodeURIComponent(PolicyDocument ?? '')) as { Statement: Array<{ Sid: string; Resource: string }> }).Statement
    expect(statements.find((statement) => statement.Sid === 'ReadSourceObjects')?.Resource).toBe('arn:aws:s3:::scoped-source/logs/*')
    expect(statements.find((statement) => statement.Sid === 'WriteDestinationObjects')?.Resource).toBe('arn:aws:s3:::scoped-destination/logs/*')
  })
})
