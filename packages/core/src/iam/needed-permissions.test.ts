import type { IAMClient } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { planSeed } from '../plan.js'
import { callerPermissions, rolePermissions, type CallerScope } from './needed-permissions.js'
import { rolePolicy } from './role-policy.js'
import { simulatedPrincipal } from './simulate.js'

const plan = planSeed({ source: 'src', destination: 'dst', prefix: 'logs/' })
const owners = { source: '111111111111', destination: '222222222222', manifest: '111111111111', report: '111111111111' }
const regions = { source: 'us-east-1', destination: 'eu-west-1', manifest: 'us-east-1', report: 'us-east-1' }
const key = 'arn:aws:kms:us-east-1:111111111111:key/k1'
const scope: CallerScope = { accountId: '111111111111', partition: 'aws', owners, regions, jobRegion: 'eu-west-1', roleArn: 'arn:aws:iam::111111111111:role/r', managedRole: true, converges: false }

describe('rolePermissions', () => {
  it('asks about every action of the policy s3-seed would write, with the condition keys its requests carry', () => {
    const needed = rolePermissions(rolePolicy(plan, 'list', { decrypt: [key], encrypt: [] }, 'aws', owners))
    expect(needed).toContainEqual(expect.objectContaining({ action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }))
    expect(needed).toContainEqual(expect.objectContaining({ action: 's3:PutObject', resource: 'arn:aws:s3:::dst/logs/*', context: { 's3:ResourceAccount': '222222222222' } }))
    expect(needed).toContainEqual(expect.objectContaining({ action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::src/logs/*', context: { 's3:ResourceAccount': '111111111111' } }))
  })
})

describe('callerPermissions', () => {
  it("asks for the job's Region, the role's management only when s3-seed makes the role, and the convergence reads only under a live rule", () => {
    const managed = callerPermissions(plan, 'list', scope)
    expect(managed).toContainEqual(expect.objectContaining({ action: 's3:CreateJob', resource: '*', context: { 'aws:RequestedRegion': 'eu-west-1' } }))
    expect(managed).toContainEqual(expect.objectContaining({ action: 'iam:PassRole', resource: scope.roleArn, context: { 'iam:PassedToService': 'batchoperations.s3.amazonaws.com' } }))
    expect(managed.map((permission) => permission.action)).toContain('iam:CreateRole')
    expect(managed.map((permission) => permission.action)).not.toContain('s3:DeleteObjectVersion')
    const existing = callerPermissions(plan, 'replicate', { ...scope, managedRole: false, converges: true })
    expect(existing.map((permission) => permission.action)).not.toContain('iam:CreateRole')
    expect(existing.map((permission) => permission.action)).not.toContain('s3:PutObject') // no manifest to upload
    expect(existing).toContainEqual(expect.objectContaining({ action: 's3:DeleteObjectVersion', resource: 'arn:aws:s3:::dst/logs/*' }))
  })
})

describe('simulatedPrincipal', () => {
  const iam = (arn: string) => ({ send: async () => ({ Role: { Arn: arn } }) }) as unknown as IAMClient
  it('takes a user as it is, finds an assumed role by name, and says why the root user is not simulated', async () => {
    expect(await simulatedPrincipal(iam(''), 'arn:aws:iam::111111111111:user/ops/alice')).toEqual({ arn: 'arn:aws:iam::111111111111:user/ops/alice' })
    expect(await simulatedPrincipal(iam('arn:aws-cn:iam::111111111111:role/path/Deployer'), 'arn:aws-cn:sts::111111111111:assumed-role/Deployer/ci')).toEqual({ arn: 'arn:aws-cn:iam::111111111111:role/path/Deployer' })
    expect(await simulatedPrincipal(iam(''), 'arn:aws:iam::111111111111:root')).toMatchObject({ notChecked: expect.stringContaining('root user') })
  })
})
