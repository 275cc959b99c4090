import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketReplicationCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { SeedOptions } from '../options/schema.js'
import { seed } from '../seed.js'
import type { SeedRunOptions } from './types.js'
import { createBucket, sandboxClients, shortSleep } from '../test-support/sandbox.js'

// Issue #10: replication is turned on first, then a seeding runs while a writer creates, overwrites
// and deletes objects. Once the writer stops and replication drains, every current source object
// must be in the destination with the same bytes, and no deleted key may be current there. The
// sandbox's copyLatencyMs makes each copy read at its start and land at its end, so an overwrite and
// its replica can come in between: the race the copy guard (UnModifiedSinceConstraint) prevents.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
const OBJECTS = 120

interface Outcome {
  keys: number
  overwrites: number
  deletes: number
  creates: number
  stale: string[]
  deletedButCurrent: string[]
  exit: { total: number; succeeded: number; failed: number; changedOrGone: number } | undefined
}

async function body(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    return await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString()
  } catch {
    return undefined
  }
}

async function currentKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = []
  let token: string | undefined
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }))
    for (const object of page.Contents ?? []) if (object.Key && !object.Key.startsWith('.s3-seed/')) keys.push(object.Key)
    token = page.NextContinuationToken
  } while (token)
  return keys
}

/** Replication on, then a seeding under a writer; returns the end-state comparison. */
async function seedUnderWrites(options: Partial<SeedOptions>, run: Partial<SeedRunOptions> = {}): Promise<Outcome> {
  const clients = sandboxClients(sandbox)
  const s3 = clients.s3('us-east-1')
  await createBucket(clients, 'live-source', { versioned: true })
  await createBucket(clients, 'live-destination', { versioned: true })
  for (let start = 0; start < OBJECTS; start += 40) {
    await Promise.all(Array.from({ length: 40 }, (_, offset) => s3.send(new PutObjectCommand({ Bucket: 'live-source', Key: `k/${start + offset}`, Body: `v0 of ${start + offset}` }))))
  }
  await s3.send(
    new PutBucketReplicationCommand({
      Bucket: 'live-source',
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::123456789012:role/replication',
        Rules: [{ ID: 'all', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Enabled' }, Destination: { Bucket: 'arn:aws:s3:::live-destination' } }],
      },
    }),
  )
  // Every task starts when the job turns Active and lands 2.5 s later: the writer's script runs inside
  // that window, so each overwrite and its replica come between some copy's read and its write.
  sandbox.setTiming({ copyLatencyMs: 2500, taskConcurrency: OBJECTS, replicationLagMs: 20 })

  const deleted = new Set<string>()
  const counts = { overwrites: 0, deletes: 0, creates: 0 }
  let active: () => void = () => {}
  const activeNow = new Promise<void>((resolve) => (active = resolve))
  const writer = (async () => {
    await activeNow
    await sleep(200)
    for (let step = 0; step < 80; step++) {
      const key = `k/${(step * 37) % OBJECTS}`
      if (step % 8 === 7) {
        await s3.send(new DeleteObjectCommand({ Bucket: 'live-source', Key: key }))
        deleted.add(key)
        counts.deletes++
      } else if (step % 8 === 6) {
        await s3.send(new PutObjectCommand({ Bucket: 'live-source', Key: `new/${step}`, Body: `new ${step}` }))
        counts.creates++
      } else {
        await s3.send(new PutObjectCommand({ Bucket: 'live-source', Key: key, Body: `v${step + 1} of ${key}` }))
        deleted.delete(key)
        counts.overwrites++
      }
    }
  })()
  const result = await seed(
    { source: 'live-source', destination: 'live-destination', ...options },
    { clients, sleep: shortSleep, pollIntervalMs: 10, ...run, onEvent: (event) => void (event.type === 'job-progress' && event.job.status === 'Active' && active()) },
  )
  active()
  await writer
  await sandbox.replication.drain(60_000)

  const stale: string[] = []
  for (const key of await currentKeys(s3, 'live-source')) {
    if ((await body(s3, 'live-source', key)) !== (await body(s3, 'live-destination', key))) stale.push(key)
  }
  const deletedButCurrent: string[] = []
  for (const key of deleted) if ((await body(s3, 'live-destination', key)) !== undefined) deletedButCurrent.push(key)
  const exit = result.kind === 'finished' ? result.totals : undefined
  console.log(`live writes ${JSON.stringify(options)}: ${OBJECTS} keys, ${counts.overwrites} overwrites, ${counts.creates} creates, ${counts.deletes} deletes; stale ${stale.length}, deleted but current ${deletedButCurrent.length}; totals ${JSON.stringify(exit)}`)
  return { keys: OBJECTS, ...counts, stale, deletedButCurrent, exit }
}

describe('seeding under live writes, replication on first', () => {
  it('the sandbox produces the race: with no effective guard, copies land over newer replicas', async () => {
    // A guard time an hour ahead never fails a task: the job behaves as if it had no guard.
    const outcome = await seedUnderWrites({ operation: 'copy' }, { now: () => Date.now() + 3_600_000 })
    expect(outcome.overwrites).toBe(60)
    expect(outcome.stale.length).toBeGreaterThan(0)
  }, 180_000)

  it.each<[string, Partial<SeedOptions>]>([
    ['copy (the guard on)', { operation: 'copy' }],
    ['Batch Replication', { operation: 'replicate' }],
    ['auto', {}],
  ])('%s ends right: same bytes for every current key, no deleted key current', async (_, options) => {
    const outcome = await seedUnderWrites(options)
    expect(outcome).toMatchObject({ overwrites: 60, creates: 10, deletes: 10 })
    expect(outcome.stale).toEqual([])
    expect(outcome.deletedButCurrent).toEqual([])
    expect(outcome.exit?.failed ?? 0).toBe(0)
  }, 180_000)
})
