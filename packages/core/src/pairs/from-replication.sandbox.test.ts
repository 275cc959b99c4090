import { HeadObjectCommand, PutBucketReplicationCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { describe, expect, it } from 'vitest'
import { pairsFromReplication } from './from-replication.js'
import { seedMany } from '../seed-many.js'
import { createBucket, putObjects, sandboxClients, shortSleep } from '../test-support/sandbox.js'

let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

describe('pairsFromReplication', () => {
  it('plans and seeds one pair per enabled rule, with the rule prefix and storage class', async () => {
    const clients = sandboxClients(sandbox)
    for (const bucket of ['repl-src', 'repl-logs', 'repl-data', 'plain-bucket']) await createBucket(clients, bucket, { versioned: true })
    await putObjects(clients, 'repl-src', ['logs/1.log', 'logs/2.log', 'data/a.bin', 'tmp/x', 'tagged/n'])
    await clients.s3('us-east-1').send(new PutObjectCommand({ Bucket: 'repl-src', Key: 'tagged/y', Body: 'y', Tagging: 'replicate=yes' }))
    const rule = (ID: string, Priority: number, filter: object, bucket: string, StorageClass?: string) => ({
      ID, Priority, Status: 'Enabled' as const, Filter: filter, DeleteMarkerReplication: { Status: 'Disabled' as const },
      Destination: { Bucket: `arn:aws:s3:::${bucket}`, ...(StorageClass ? { StorageClass: StorageClass as 'STANDARD_IA' } : {}) },
    })
    await clients.s3('us-east-1').send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-src',
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::123456789012:role/replication',
          Rules: [
            rule('logs', 1, { Prefix: 'logs/' }, 'repl-logs', 'GLACIER_IR'),
            rule('data', 2, { Prefix: 'data/' }, 'repl-data', 'STANDARD_IA'),
            { ...rule('tmp', 3, { Prefix: 'tmp/' }, 'repl-data'), Status: 'Disabled' },
            rule('tags', 4, { Tag: { Key: 'replicate', Value: 'yes' } }, 'repl-data'),
          ],
        },
      }),
    )

    const plan = await pairsFromReplication(clients, sandbox.accountId)
    expect(plan.findings).toEqual([
      { source: 'repl-src', ruleId: 'logs', destination: 'repl-logs', action: 'seed', reason: 'prefix logs/, storage class GLACIER_IR, destination default encryption, no ACL' },
      { source: 'repl-src', ruleId: 'data', destination: 'repl-data', action: 'seed', reason: 'prefix data/, storage class STANDARD_IA, destination default encryption, no ACL' },
      { source: 'repl-src', ruleId: 'tmp', destination: 'repl-data', action: 'skip', reason: 'the rule is disabled' },
      {
        source: 'repl-src', ruleId: 'tags', destination: 'repl-data', action: 'seed',
        reason: "all keys, storage class STANDARD, destination default encryption, no ACL, tag filter: Batch Replication, which applies the rule's filter",
      },
    ])
    expect(plan.pairs.map((pair) => [pair.destination, pair.prefix, pair.storageClass, pair.operation])).toEqual([
      ['repl-logs', 'logs/', 'GLACIER_IR', undefined],
      ['repl-data', 'data/', 'STANDARD_IA', undefined],
      ['repl-data', undefined, undefined, 'replicate'],
    ])

    const outcomes = await seedMany(plan.pairs, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    expect(outcomes.map((outcome) => ('result' in outcome ? outcome.result.kind : outcome.error.message))).toEqual(['finished', 'finished', 'finished'])
    // The tag rule's own filter decided: the tagged object is replicated, the untagged one is not.
    expect((await clients.s3('us-east-1').send(new HeadObjectCommand({ Bucket: 'repl-data', Key: 'tagged/y' }))).ContentLength).toBe(1)
    await expect(clients.s3('us-east-1').send(new HeadObjectCommand({ Bucket: 'repl-data', Key: 'tagged/n' }))).rejects.toThrow()
    const s3 = clients.s3('us-east-1')
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'repl-logs', Key: 'logs/2.log' }))).StorageClass).toBe('GLACIER_IR')
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'repl-data', Key: 'data/a.bin' }))).StorageClass).toBe('STANDARD_IA')
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'repl-data', Key: 'tmp/x' }))).rejects.toThrow()
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'repl-logs', Key: 'data/a.bin' }))).rejects.toThrow()
  })
})
