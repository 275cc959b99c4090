import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.js'
import { planSeed } from '../plan.js'
import { crossAccountCheck } from './cross-account.js'
import type { SeedFacts } from './types.js'

const A = '111111111111'
const B = '222222222222'
const facts = (over: Partial<SeedFacts> = {}): SeedFacts => ({
  accountId: A,
  partition: 'aws',
  owners: { source: A, destination: B, manifest: A, report: A },
  regions: { source: 'us-east-1', destination: 'us-east-1', manifest: 'us-east-1', report: 'us-east-1' },
  replication: { role: undefined, rules: [] },
  replicatesToDestination: false,
  replicationCoversPair: false,
  ...over,
})
const plan = planSeed({ source: 'src', destination: 'dst', destinationAccount: B, roleName: 's3-seed-r', prefix: 'logs/' })
const role = `arn:aws:iam::${A}:role/s3-seed-r`
const allowRole = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: role }, Action: 's3:Put*', Resource: 'arn:aws:s3:::dst/*' }] })

describe('crossAccountCheck', () => {
  it('says nothing for a destination of the caller\'s own account', () => {
    expect(crossAccountCheck(plan, facts({ owners: { source: A, destination: A, manifest: A, report: A } }), { name: 'copy' }, 'list')).toEqual({ warnings: [], statements: [] })
  })

  it('without the destination\'s policies, prints the bucket policy statement to add, scoped to the prefix', () => {
    const { warnings: [warning], statements } = crossAccountCheck(plan, facts(), { name: 'copy' }, 'list')
    expect(statements).toHaveLength(1)
    expect(warning).toContain(`dst is in account ${B}: its owner must let the job's role ${role} in`)
    expect(warning).toContain(`"Principal":{"AWS":"${role}"},"Action":["s3:PutObject","s3:PutObjectAcl","s3:PutObjectTagging"],"Resource":["arn:aws:s3:::dst/logs/*"]`)
  })

  it('refuses, naming --destination-profile, when the read policy certainly does not allow the role; accepts one that does', () => {
    const refused = () => crossAccountCheck({ ...plan, destinationProfile: 'b' }, facts({ destinationPolicies: { bucket: '', key: undefined } }), { name: 'copy' }, 'list')
    expect(refused).toThrow(InvalidInputError)
    expect(refused).toThrow(/the bucket policy of dst \(read with --destination-profile b\) does not let the job's role/)
    expect(crossAccountCheck(plan, facts({ destinationPolicies: { bucket: allowRole, key: undefined } }), { name: 'copy' }, 'list').warnings).toEqual([])
  })

  it('checks the key policy of the destination account\'s SSE-KMS key', () => {
    const key = `arn:aws:kms:us-east-1:${B}:key/k`
    const withKey = facts({ encryption: { source: { kind: 'none' }, destination: { kind: 'kms', keyArn: key } }, destinationPolicies: { bucket: allowRole, key: '' } })
    expect(() => crossAccountCheck(plan, withKey, { name: 'copy' }, 'list')).toThrow(`the key policy of ${key}`)
  })

  it('has nothing to ask for Batch Replication whose report stays in the caller\'s account', () => {
    expect(crossAccountCheck(plan, facts(), { name: 'replicate' }, 'replicate')).toEqual({ warnings: [], statements: [] })
  })
})
