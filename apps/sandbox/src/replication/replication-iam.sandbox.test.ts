import { DeleteObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from '../sandbox.js'
import { BATCH_TRUST_POLICY, testClients, type TestClients } from '../test-support/clients.js'
import { createReplicationRole, createVersionedBucket, head, putReplication, replicationPolicy, rule } from '../test-support/replication.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let aws: TestClients

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5, replicationLagMs: 10 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  for (const bucket of ['source', 'destination']) await createVersionedBucket(aws.s3, bucket)
})

/** Puts `key` with enforcement on and returns the source's final replication status. */
async function replicateWith(roleArn: string, key = 'k'): Promise<string | undefined> {
  await putReplication(aws.s3, 'source', roleArn, [rule('destination', { DeleteMarkerReplication: { Status: 'Enabled' } })])
  await sandbox.setIamEnforcement(true)
  await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: key, Body: key }))
  await sandbox.replication.drain()
  return (await head(aws.s3, 'source', key))?.ReplicationStatus
}

describe('live replication under IAM enforcement uses the replication role', () => {
  it('completes with the role and policy of UG setting-repl-config-perm-overview', async () => {
    const role = await createReplicationRole(aws.iam, 'replication', replicationPolicy(['source'], ['destination']))
    expect(await replicateWith(role)).toBe('COMPLETED')
    expect((await head(aws.s3, 'destination', 'k'))?.ReplicationStatus).toBe('REPLICA')
  })

  it.each([
    ['lacks s3:ReplicateObject on the destination', [{ Effect: 'Allow', Action: 's3:GetObjectVersionForReplication', Resource: 'arn:aws:s3:::source/*' }]],
    ['lacks s3:GetObjectVersionForReplication on the source', [{ Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::destination/*' }]],
    ['has an explicit Deny', [...replicationPolicy(['source'], ['destination']), { Effect: 'Deny', Action: 's3:Replicate*', Resource: '*' }]],
    ['allows only another prefix', [...replicationPolicy(['source'], []), { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::destination/other/*' }]],
  ])('marks the version FAILED when the role %s', async (_case, statements) => {
    const role = await createReplicationRole(aws.iam, 'replication', statements)
    expect(await replicateWith(role)).toBe('FAILED')
    expect(await head(aws.s3, 'destination', 'k')).toBeUndefined()
  })

  it('marks the version FAILED when S3 may not assume the role, or the role does not exist', async () => {
    const batchOnly = await createReplicationRole(aws.iam, 'batch-only', replicationPolicy(['source'], ['destination']), BATCH_TRUST_POLICY)
    expect(await replicateWith(batchOnly, 'a')).toBe('FAILED')
    await sandbox.setIamEnforcement(false)
    expect(await replicateWith(`arn:aws:iam::${sandbox.accountId}:role/missing`, 'b')).toBe('FAILED')
  })

  it('needs s3:ReplicateDelete for delete markers', async () => {
    const objectsOnly = [...replicationPolicy(['source'], []), { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::destination/*' }]
    const role = await createReplicationRole(aws.iam, 'replication', objectsOnly)
    expect(await replicateWith(role)).toBe('COMPLETED')
    await aws.s3.send(new DeleteObjectCommand({ Bucket: 'source', Key: 'k' }))
    await sandbox.replication.drain()
    const { DeleteMarkers } = await aws.s3.send(new ListObjectVersionsCommand({ Bucket: 'destination' }))
    expect(DeleteMarkers ?? []).toEqual([])
    expect(sandbox.replication.stats()).toMatchObject({ completed: 1, failed: 1 })
  })

  it('checks nothing with enforcement off, as moto does', async () => {
    await putReplication(aws.s3, 'source', `arn:aws:iam::${sandbox.accountId}:role/missing`, [rule('destination')])
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'k', Body: 'k' }))
    await sandbox.replication.drain()
    expect((await head(aws.s3, 'source', 'k'))?.ReplicationStatus).toBe('COMPLETED')
  })
})
