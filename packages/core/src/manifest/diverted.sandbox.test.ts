import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, PutObjectTaggingCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { SeedEvent } from '../events.js'
import { seed } from '../seed.js'
import { createBucket, putObjects, sandboxClients, shortSleep } from '../test-support/sandbox.js'

let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

// The real limit is 5 GB; the test lowers it to 6 MiB so a 12 MiB object stands in for a huge one.
const LIMIT = 6 * 1024 * 1024

describe('objects a copy job cannot copy', () => {
  it('copies objects over the limit itself, in parts, and reports archived objects without copying them', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'div-source')
    await createBucket(clients, 'div-destination')
    const s3 = clients.s3('us-east-1')
    const big = Buffer.alloc(12 * 1024 * 1024 + 17, 7)
    big.write('the start of a big object', 0)
    await s3.send(new PutObjectCommand({ Bucket: 'div-source', Key: 'video/huge file.mp4', Body: big, ContentType: 'video/mp4', Metadata: { camera: 'a' } }))
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'div-source', Key: 'video/huge file.mp4', Tagging: { TagSet: [{ Key: 'kind', Value: 'raw' }] } }))
    await s3.send(new PutObjectCommand({ Bucket: 'div-source', Key: 'cold/archive.tar', Body: 'frozen', StorageClass: 'GLACIER' }))
    await putObjects(clients, 'div-source', ['small/1', 'small/2'])

    const dry = await seed({ source: 'div-source', destination: 'div-destination' }, { clients, dryRun: true, maxJobObjectBytes: LIMIT })
    expect(dry).toMatchObject({ kind: 'dry-run', objectCount: 2, diverted: { large: { count: 1, keys: ['video/huge file.mp4'] }, archived: { count: 1, examples: ['cold/archive.tar'] } } })

    const events: SeedEvent[] = []
    const result = await seed(
      { source: 'div-source', destination: 'div-destination' },
      { clients, sleep: shortSleep, pollIntervalMs: 10, maxJobObjectBytes: LIMIT, largePartSize: 5 * 1024 * 1024, onEvent: (event) => events.push(event) },
    )
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome.job).toMatchObject({ total: 2, succeeded: 2, failed: 0 })
    expect(result.diverted).toEqual({ large: { count: 1, bytes: big.length, keys: ['video/huge file.mp4'] }, archived: { count: 1, examples: ['cold/archive.tar'] } })
    // Three parts (5 + 5 + 2 MiB), copied at once: progress grows to the full size.
    const progress = events.flatMap((event) => (event.type === 'large-copy' ? [event.copiedBytes] : []))
    expect(progress).toHaveLength(3)
    expect(progress.at(-1)).toBe(big.length)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
    expect(events).toContainEqual({ type: 'warning', message: expect.stringMatching(/^1 objects are in GLACIER or DEEP_ARCHIVE and were not copied \(e\.g\. "cold\/archive\.tar"\)/) })

    const copied = await s3.send(new GetObjectCommand({ Bucket: 'div-destination', Key: 'video/huge file.mp4' }))
    const bytes = Buffer.from(await copied.Body!.transformToByteArray())
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(big).digest('hex'))
    expect(copied.ContentType).toBe('video/mp4')
    expect(copied.Metadata).toEqual({ camera: 'a' })
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'div-destination', Key: 'video/huge file.mp4' }))).TagSet).toEqual([{ Key: 'kind', Value: 'raw' }])
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'div-destination', Key: 'cold/archive.tar' }))).rejects.toThrow()
  })

  it('requests the restore of archived objects when asked', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'cold-source')
    await createBucket(clients, 'cold-destination')
    const s3 = clients.s3('us-east-1')
    await s3.send(new PutObjectCommand({ Bucket: 'cold-source', Key: 'frozen', Body: 'f', StorageClass: 'DEEP_ARCHIVE' }))
    await putObjects(clients, 'cold-source', ['warm'])
    const events: SeedEvent[] = []
    await seed({ source: 'cold-source', destination: 'cold-destination' }, { clients, sleep: shortSleep, pollIntervalMs: 10, restoreArchivedDays: 7, onEvent: (event) => events.push(event) })
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'cold-source', Key: 'frozen' }))).Restore).toBeDefined()
    expect(events).toContainEqual({ type: 'warning', message: expect.stringMatching(/Restores were requested \(Bulk tier, 7 days\)/) })
  })
})
