import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { SeedEvent } from '../events.js'
import { InvalidInputError } from '../errors.js'
import { seed } from '../seed.js'
import { createBucket, putObjects, sandboxClients, shortSleep } from '../test-support/sandbox.js'

let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

describe('manifests S3 makes or already has', () => {
  it('copies with a generated manifest, leaving out archived objects and saying so (IAM enforced)', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'gen-source')
    await createBucket(clients, 'gen-destination')
    await putObjects(clients, 'gen-source', ['logs/a', 'logs/b', 'other/c'])
    await clients.s3('us-east-1').send(new PutObjectCommand({ Bucket: 'gen-source', Key: 'logs/cold', Body: 'x', StorageClass: 'GLACIER' }))
    await sandbox.setIamEnforcement(true)
    const events: SeedEvent[] = []
    const result = await seed(
      { source: 'gen-source', destination: 'gen-destination', prefix: 'logs/', manifestSource: 'generated' },
      { clients, sleep: shortSleep, pollIntervalMs: 10, onEvent: (event) => events.push(event) },
    )
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2 } })
    expect(events).toContainEqual({ type: 'warning', message: expect.stringMatching(/generated manifest leaves out objects over 5 GB/) })
    const s3 = clients.s3('us-east-1')
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'gen-destination', Key: 'logs/b' }))).ContentLength).toBeGreaterThan(0)
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'gen-destination', Key: 'other/c' }))).rejects.toThrow()
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'gen-destination', Key: 'logs/cold' }))).rejects.toThrow()
  })

  it('copies the objects an existing S3 Inventory report lists', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'inv-source')
    await createBucket(clients, 'inv-destination')
    await createBucket(clients, 'inventory-reports')
    await putObjects(clients, 'inv-source', ['x y', 'z+1', 'not-listed'])
    const s3 = clients.s3('us-east-1')
    const data = gzipSync('"inv-source","x%20y"\n"inv-source","z%2B1"\n')
    await s3.send(new PutObjectCommand({ Bucket: 'inventory-reports', Key: 'inv/data/1.csv.gz', Body: data }))
    const manifest = { sourceBucket: 'inv-source', destinationBucket: 'arn:aws:s3:::inventory-reports', fileFormat: 'CSV', fileSchema: 'Bucket, Key', files: [{ key: 'inv/data/1.csv.gz', size: data.length, MD5checksum: '' }] }
    await s3.send(new PutObjectCommand({ Bucket: 'inventory-reports', Key: 'inv/2026-11-25T00-00Z/manifest.json', Body: JSON.stringify(manifest) }))
    const result = await seed(
      { source: 'inv-source', destination: 'inv-destination', manifestSource: 's3://inventory-reports/inv/2026-11-25T00-00Z/manifest.json' },
      { clients, sleep: shortSleep, pollIntervalMs: 10 },
    )
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2 } })
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'inv-destination', Key: 'not-listed' }))).rejects.toThrow()
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'inv-destination', Key: 'z+1' }))).ContentLength).toBeGreaterThan(0)
  })

  it('rejects a --manifest that is neither list, generated nor a manifest.json URI', async () => {
    const clients = sandboxClients(sandbox)
    await expect(seed({ source: 'inv-source', destination: 'inv-destination', manifestSource: 'inventory' }, { clients })).rejects.toBeInstanceOf(InvalidInputError)
  })
})
