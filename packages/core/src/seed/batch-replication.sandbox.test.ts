import { GetObjectCommand, PutBucketReplicationCommand } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { describe, expect, it } from 'vitest'
import type { SeedEvent } from '../events.js'
import { InvalidInputError } from '../errors.js'
import { seed } from '../seed.js'
import { createBucket, putObjects, sandboxClients, shortSleep, replicate as replicateTo } from '../test-support/sandbox.js'

let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

describe('Batch Replication mode', () => {
  it('is chosen for two-way replication, says why, and replicates in the source Region', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'east-bucket', { versioned: true })
    await createBucket(clients, 'west-bucket', { region: 'us-west-2', versioned: true })
    await putObjects(clients, 'east-bucket', ['a', 'dir/b c'])
    await replicateTo(clients, 'east-bucket', 'west-bucket')
    await clients.s3('us-west-2').send(
      new PutBucketReplicationCommand({
        Bucket: 'west-bucket',
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::123456789012:role/replication',
          Rules: [{ ID: 'back', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::east-bucket' } }],
        },
      }),
    )
    const events: SeedEvent[] = []
    const result = await seed({ source: 'east-bucket', destination: 'west-bucket' }, { clients, sleep: shortSleep, pollIntervalMs: 10, onEvent: (event) => events.push(event) })
    expect(events[0]).toEqual({ type: 'operation-chosen', operation: 'replicate', reason: expect.stringMatching(/replicate to each other, so a copy would replicate back as a new version/) })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.region).toBe('us-east-1') // the source's Region
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2, failed: 0 } })
    expect(result.manifest).toBe(`s3://east-bucket/.s3-seed/manifests/generated/job-${result.jobId}/manifest.json`)
    const { Body } = await clients.s3('us-west-2').send(new GetObjectCommand({ Bucket: 'west-bucket', Key: 'dir/b c' }))
    expect(await Body?.transformToString()).toBe('content of dir/b c')
  })

  it('is chosen when a rule covers the pair (here with a version history too), and --operation copy overrides it', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'history-source', { versioned: true })
    await createBucket(clients, 'history-destination', { versioned: true })
    await putObjects(clients, 'history-source', ['doc'], () => 'version one')
    await putObjects(clients, 'history-source', ['doc'], () => 'version two')
    await replicateTo(clients, 'history-source', 'history-destination')
    const events: SeedEvent[] = []
    const dry = await seed({ source: 'history-source', destination: 'history-destination' }, { clients, dryRun: true, onEvent: (event) => events.push(event) })
    expect(dry).toMatchObject({ kind: 'dry-run', operation: 'replicate' })
    expect(events[0]).toEqual({ type: 'operation-chosen', operation: 'replicate', reason: expect.stringMatching(/a replication rule of history-source covers every key: Batch Replication's replicas keep their version IDs and dates/) })
    const copy = await seed({ source: 'history-source', destination: 'history-destination', operation: 'copy' }, { clients, dryRun: true })
    expect(copy).toMatchObject({ kind: 'dry-run', operation: 'copy' })
  })

  it('refuses --operation replicate without a replication rule, creating nothing', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'lonely-source', { versioned: true })
    await createBucket(clients, 'lonely-destination', { versioned: true })
    await putObjects(clients, 'lonely-source', ['a'])
    const attempt = seed({ source: 'lonely-source', destination: 'lonely-destination', operation: 'replicate' }, { clients })
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError)
    await expect(attempt).rejects.toThrow(/--operation replicate needs an enabled replication rule/)
  })
})
