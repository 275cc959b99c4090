import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketReplicationCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { SeedOptions } from '../options/schema.js'
import { seed } from '../seed.js'
import { summarizeOutcome, type ExitClass } from '../outcome.js'
import type { Convergence, SeedRunOptions } from './types.js'
import { createBucket, sandboxClients, shortSleep } from '../test-support/sandbox.js'

// Replication is turned on first, then a seeding runs while a writer creates, overwrites (with bodies
// of the same size) and deletes objects, with delete markers replicated. Once the writer stops and
// replication drains, every current source object must be in the destination with the same bytes,
// and no deleted key may be current there. The sandbox runs S3's copy timing: each copy checks its
// conditions when it reads and lands 2.5 s later, long after the replication lag (20 ms), so an
// overwrite or a delete and its replica come in between. Copy mode must find and repair what its late
// copies overwrote (seed/converge.ts); Batch Replication's replicas keep their dates and cannot.
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
  exit: ExitClass
  convergence: Convergence | undefined
}

/** Every version of a key has a body of the same size: a size comparison cannot tell them apart. */
const body = (version: number, key: string) => `v${String(version).padStart(2, '0')} of ${key}`

async function bytesOf(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
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
    await Promise.all(Array.from({ length: 40 }, (_, offset) => s3.send(new PutObjectCommand({ Bucket: 'live-source', Key: `k/${start + offset}`, Body: body(0, `k/${start + offset}`) }))))
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
  sandbox.setTiming({ copyLatencyMs: 2500, copyConditionsAt: 'read', taskConcurrency: OBJECTS, replicationLagMs: 20 })

  const deleted = new Set<string>()
  const counts = { overwrites: 0, deletes: 0, creates: 0 }
  let active: () => void = () => {}
  const activeNow = new Promise<void>((resolve) => (active = resolve))
  const writer = (async () => {
    await activeNow
    await sleep(200)
    // The 80 steps touch 80 different keys (37 and 120 share no factor), so they run 8 at a time: on a
    // loaded machine one at a time could outlast the 2.5 s window and write during the check.
    const write = async (step: number) => {
      const key = `k/${(step * 37) % OBJECTS}`
      if (step % 8 === 7) {
        await s3.send(new DeleteObjectCommand({ Bucket: 'live-source', Key: key }))
        deleted.add(key)
        counts.deletes++
      } else if (step % 8 === 6) {
        await s3.send(new PutObjectCommand({ Bucket: 'live-source', Key: `new/${step}`, Body: `new ${step}` }))
        counts.creates++
      } else {
        await s3.send(new PutObjectCommand({ Bucket: 'live-source', Key: key, Body: body(step + 1, key) }))
        counts.overwrites++
      }
    }
    for (let step = 0; step < 80; step += 8) await Promise.all(Array.from({ length: 8 }, (_, offset) => write(step + offset)))
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
    if ((await bytesOf(s3, 'live-source', key)) !== (await bytesOf(s3, 'live-destination', key))) stale.push(key)
  }
  const deletedButCurrent: string[] = []
  for (const key of deleted) if ((await bytesOf(s3, 'live-destination', key)) !== undefined) deletedButCurrent.push(key)
  const { exit } = summarizeOutcome([{ options: { source: 'live-source', destination: 'live-destination' }, result }])
  const convergence = result.kind === 'finished' ? result.convergence : undefined
  const repaired = convergence ? `repaired ${convergence.repaired.stale} stale and ${convergence.repaired.resurrected} resurrected of ${convergence.written} written, settled in ${convergence.settledMs} ms, ${convergence.unconverged.length} not converged` : 'no check after the job'
  console.log(`live writes ${JSON.stringify(options)}: ${OBJECTS} keys, ${counts.overwrites} overwrites, ${counts.creates} creates, ${counts.deletes} deletes; stale ${stale.length}, deleted but current ${deletedButCurrent.length}; ${repaired}; exit ${exit}`)
  return { keys: OBJECTS, ...counts, stale, deletedButCurrent, exit, convergence }
}

describe('seeding under live writes, replication on first', () => {
  it('the sandbox produces the race: copies that land late are current over newer replicas', async () => {
    // A guard time an hour ahead never fails a task, and the check after the job then finds nothing
    // written since: the copy runs as if it had neither.
    const outcome = await seedUnderWrites({ operation: 'copy' }, { now: () => Date.now() + 3_600_000 })
    expect(outcome.overwrites).toBe(60)
    expect(outcome.stale.length).toBeGreaterThan(0)
  }, 180_000)

  it.each<[string, Partial<SeedOptions>]>([
    ['copy', { operation: 'copy' }],
    ['Batch Replication', { operation: 'replicate' }],
    ['auto (Batch Replication: the rule covers the pair)', {}],
  ])('%s ends right: same bytes for every current key, no deleted key current, exit 0', async (_, options) => {
    const outcome = await seedUnderWrites(options)
    expect(outcome).toMatchObject({ overwrites: 60, creates: 10, deletes: 10 })
    expect(outcome.stale).toEqual([])
    expect(outcome.deletedButCurrent).toEqual([])
    expect(outcome.exit).toBe('ok')
    if (options.operation === 'copy') {
      // The late copies were found and removed: the race happened and was repaired.
      expect(outcome.convergence?.repaired.stale).toBeGreaterThan(0)
      expect(outcome.convergence?.repaired.resurrected).toBeGreaterThan(0)
      expect(outcome.convergence?.unconverged).toEqual([])
    }
  }, 180_000)

  it('copy with replication failing for some keys: exit 1, naming exactly those keys', async () => {
    // k/37 and k/74 are the writer's first overwrites; every replication of them fails.
    sandbox.faults.add({ operation: 'Replication', keyPattern: '^k/(37|74)$', rate: 1, status: 500, code: 'InternalError' })
    const outcome = await seedUnderWrites({ operation: 'copy' })
    expect(outcome.exit).toBe('tasks-failed')
    expect(outcome.convergence?.unconverged.map((entry) => [entry.key, entry.problem])).toEqual([
      ['k/37', 'replication-failed'],
      ['k/74', 'replication-failed'],
    ])
    expect(outcome.convergence?.nextCommands).toEqual(['s3-seed seed live-source live-destination --operation replicate', 's3-seed verify live-source live-destination --checksum'])
    expect(outcome.stale).toEqual(['k/37', 'k/74'])
  }, 180_000)
})
