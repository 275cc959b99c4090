import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { DeleteObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { seed } from '../seed.js'
import { createBucket, putObjects, replicate, sandboxClients, shortSleep } from '../test-support/sandbox.js'

// The copy guard: with replication on, a copy job only copies objects not modified since the
// listing started (UnModifiedSinceConstraint), so a copy never lands over a newer replica. Tasks of
// objects changed or deleted since then are counted apart, and are not failures.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

describe('the copy guard', () => {
  it('leaves objects changed after the listing to replication, and counts them apart from failures', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'guard-source', { versioned: true })
    await createBucket(clients, 'guard-destination', { versioned: true })
    await putObjects(clients, 'guard-source', ['old/1', 'old/2', 'gone/1'])
    await replicate(clients, 'guard-source', 'guard-destination')
    // Seen from the copy job, the listing started a minute ago: every object "changed since".
    const result = await seed(
      { source: 'guard-source', destination: 'guard-destination', operation: 'copy', all: true },
      { clients, sleep: shortSleep, pollIntervalMs: 10, now: () => Date.now() - 60_000, retryRounds: 2 },
    )
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 3, succeeded: 0, failed: 3 } })
    expect(result.report?.failures).toMatchObject([{ errorCode: 'PreconditionFailed', httpStatus: 412, count: 3 }])
    expect(result.totals).toMatchObject({ total: 3, succeeded: 0, failed: 0, changedOrGone: 3 })
    expect(result.rounds).toEqual([])
  })

  it('counts objects deleted since the listing apart too (404 NoSuchKey), and copies the rest', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'guard-source', { versioned: true })
    await createBucket(clients, 'guard-destination', { versioned: true })
    await putObjects(clients, 'guard-source', ['keep/1', 'keep/2', 'gone/1'])
    // Deleted after the manifest is uploaded, before the job copies it.
    sandbox.setTiming({ stageDelayMs: 200 })
    const result = await seed(
      { source: 'guard-source', destination: 'guard-destination', operation: 'copy' },
      {
        clients, sleep: shortSleep, pollIntervalMs: 10,
        onEvent: (event) => {
          if (event.type === 'manifest-uploaded') void clients.s3('us-east-1').send(new DeleteObjectCommand({ Bucket: 'guard-source', Key: 'gone/1' }))
        },
      },
    )
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.report?.failures).toMatchObject([{ errorCode: 'NoSuchKey', count: 1 }])
    expect(result.totals).toMatchObject({ total: 3, succeeded: 2, failed: 0, changedOrGone: 1 })
  })
})
