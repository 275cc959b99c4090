import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { gzipSync } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import type { SeedClients } from '../aws/clients.js'
import type { SeedOptions } from '../options/schema.js'
import { seed } from '../seed.js'
import { createBucket, putObjects, replicate, sandboxClients, shortSleep } from '../test-support/sandbox.js'

// Every strategy with the role s3-seed makes for it, under IAM enforcement: the role's policy is
// derived from the same layout the job writes and reads, so a place the strategy uses but the
// policy misses fails the job here (as it would on AWS).
let sandbox: Sandbox
let clients: SeedClients
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

beforeEach(async () => {
  clients = sandboxClients(sandbox)
  await createBucket(clients, 'strat-source', { versioned: true })
  await createBucket(clients, 'strat-destination', { versioned: true })
  await createBucket(clients, 'strat-other')
  await putObjects(clients, 'strat-source', ['a', 'dir/b c', 'plus+1'])
})

async function keys(bucket: string, prefix = ''): Promise<string[]> {
  const listed = await clients.s3('us-east-1').send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))
  return (listed.Contents ?? []).map((object) => object.Key ?? '').filter((key) => !key.startsWith('.s3-seed/'))
}

async function seedEnforced(options: Partial<SeedOptions>) {
  await sandbox.setIamEnforcement(true)
  const result = await seed({ source: 'strat-source', destination: 'strat-destination', ...options }, { clients, sleep: shortSleep, pollIntervalMs: 10 })
  await sandbox.setIamEnforcement(false)
  if (result.kind !== 'finished') throw new Error(`expected a finished job, got ${result.kind}`)
  return result
}

describe('every strategy succeeds with its own role (IAM enforced)', () => {
  it.each<[string, Partial<SeedOptions>]>([
    ['list and copy, manifest and report in another bucket', { manifestBucket: 'strat-other', reportBucket: 'strat-other' }],
    ['copy with a generated manifest in another bucket', { manifestSource: 'generated', manifestBucket: 'strat-other' }],
    ['copy with a generated manifest, default places', { manifestSource: 'generated' }],
  ])('%s', async (_, options) => {
    const result = await seedEnforced(options)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 3, succeeded: 3, failed: 0 } })
    expect(await keys('strat-destination')).toEqual(['a', 'dir/b c', 'plus+1'])
    expect(result.report?.succeeded).toBe(3)
    if (options.manifestBucket) expect(result.manifest).toMatch(/^s3:\/\/strat-other\/\.s3-seed\/manifests\//)
  })

  it('list and compare: only what is missing', async () => {
    await putObjects(clients, 'strat-destination', ['a'])
    const result = await seedEnforced({})
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2 } })
    expect(result.skipped).toBe(1)
  })

  it('copy from an S3 Inventory report (data files beside the dated manifest folder)', async () => {
    const s3 = clients.s3('us-east-1')
    const data = gzipSync('"strat-source","a"\n"strat-source","plus%2B1"\n')
    await s3.send(new PutObjectCommand({ Bucket: 'strat-other', Key: 'inv/strat-source/all/data/1.csv.gz', Body: data }))
    const manifest = { sourceBucket: 'strat-source', destinationBucket: 'arn:aws:s3:::strat-other', fileFormat: 'CSV', fileSchema: 'Bucket, Key', files: [{ key: 'inv/strat-source/all/data/1.csv.gz', size: data.length, MD5checksum: '' }] }
    await s3.send(new PutObjectCommand({ Bucket: 'strat-other', Key: 'inv/strat-source/all/2026-11-25T00-00Z/manifest.json', Body: JSON.stringify(manifest) }))
    const result = await seedEnforced({ manifestSource: 's3://strat-other/inv/strat-source/all/2026-11-25T00-00Z/manifest.json' })
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2 } })
    expect(await keys('strat-destination')).toEqual(['a', 'plus+1'])
  })

  it('Batch Replication, generated manifest and report in another bucket', async () => {
    await replicate(clients, 'strat-source', 'strat-destination')
    await replicationRole()
    const result = await seedEnforced({ operation: 'replicate', manifestBucket: 'strat-other', reportBucket: 'strat-other' })
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 3, succeeded: 3, failed: 0 } })
    expect(result.manifest).toBe(`s3://strat-other/.s3-seed/manifests/generated/job-${result.jobId}/manifest.json`)
    const { Body } = await clients.s3('us-east-1').send(new GetObjectCommand({ Bucket: 'strat-destination', Key: 'dir/b c' }))
    expect(await Body?.transformToString()).toBe('content of dir/b c')
  })
})

/** The role the replication rule names (test-support replicate()), allowed what replication does (UG setting-repl-config-perm-overview). */
async function replicationRole(): Promise<void> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
  await clients.iam.send(new CreateRoleCommand({ RoleName: 'replication', AssumeRolePolicyDocument: JSON.stringify(trust) }))
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::strat-source' },
      { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectVersion', 's3:GetObject'], Resource: 'arn:aws:s3:::strat-source/*' },
      { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:PutObject'], Resource: 'arn:aws:s3:::strat-destination/*' },
    ],
  }
  await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'replication', PolicyName: 'replicate', PolicyDocument: JSON.stringify(policy) }))
}
