import { GetRolePolicyCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { startSandbox, type Sandbox } from '@s3-seed/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClients, type SeedClients } from '../aws/clients.js'
import { seed } from '../seed.js'
import { createBucket, putObjects, replicateInPartition, shortSleep } from '../test-support/sandbox.js'

// A sandbox of its own in cn-north-1 (partition aws-cn), IAM enforced: s3-seed takes the partition from
// the caller's ARN and builds every ARN in it; an arn:aws: resource would grant nothing there.
const REGION = 'cn-north-1'
let sandbox: Sandbox
let clients: SeedClients

beforeAll(async () => {
  sandbox = await startSandbox({ region: REGION, timing: { stageDelayMs: 5, replicationLagMs: 10 } })
  const endpoint = sandbox.endpoint
  clients = createClients({ region: REGION, credentials: sandbox.credentials, endpoints: { s3: endpoint, s3control: endpoint, iam: endpoint, sts: endpoint, kms: endpoint } })
}, 60_000)
afterAll(async () => {
  await sandbox?.stop()
})

async function policyOf(roleName: string): Promise<string> {
  const { PolicyNames } = await clients.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))
  const documents = await Promise.all((PolicyNames ?? []).map(async (PolicyName) => decodeURIComponent((await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }))).PolicyDocument ?? '')))
  return documents.join('\n')
}

describe('seeding in cn-north-1 (aws-cn), IAM enforced', () => {
  it.each<[string, 'copy' | 'replicate']>([
    ['a copy job', 'copy'],
    ['Batch Replication', 'replicate'],
  ])('%s ends complete, with a role policy of arn:aws-cn: resources only', async (_, operation) => {
    const source = `cn-${operation}-source`
    const destination = `cn-${operation}-destination`
    await createBucket(clients, source, { region: REGION, versioned: true })
    await createBucket(clients, destination, { region: REGION, versioned: true })
    await putObjects(clients, source, ['a.txt', 'b/c.txt'], undefined, REGION)
    await replicateInPartition(clients, source, destination, { region: REGION, partition: 'aws-cn', accountId: sandbox.accountId })
    await sandbox.setIamEnforcement(true)
    const result = await seed({ source, destination, operation }, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    await sandbox.setIamEnforcement(false)
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { failed: 0 } })
    const body = await (await clients.s3(REGION).send(new GetObjectCommand({ Bucket: destination, Key: 'b/c.txt' }))).Body?.transformToString()
    expect(body).toBe('content of b/c.txt')
    const policy = await policyOf(result.plan.role.kind === 'managed' ? result.plan.role.name : '')
    expect(policy).toContain('arn:aws-cn:s3:::')
    expect(policy).not.toMatch(/arn:aws:/)
  })
})
