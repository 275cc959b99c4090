import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectTaggingCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from '../sandbox.js'
import { testClients, type TestClients } from '../test-support/clients.js'
import { AWKWARD_KEYS } from '../test-support/keys.js'
import { bodyOf, createVersionedBucket, head, putReplication, rule } from '../test-support/replication.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let aws: TestClients
const ROLE = 'arn:aws:iam::123456789012:role/replication'

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  for (const bucket of ['source', 'dest-a', 'dest-b']) await createVersionedBucket(aws.s3, bucket)
})

const put = async (key: string, body = key, extra: Record<string, unknown> = {}) =>
  (await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: key, Body: body, ...extra }))).VersionId!

describe('live replication', () => {
  it('marks a new version PENDING, then writes a replica with its version ID, date, data, metadata and tags', async () => {
    sandbox.setTiming({ replicationLagMs: 400 })
    await putReplication(aws.s3, 'source', ROLE, [rule('dest-a', { Destination: { Bucket: 'arn:aws:s3:::dest-a', StorageClass: 'STANDARD_IA' } })])
    const versionId = await put('dir/a b+c.txt', 'hello', { Metadata: { colour: 'blue' }, Tagging: 'team=data', ContentType: 'text/plain' })
    expect((await head(aws.s3, 'source', 'dir/a b+c.txt'))?.ReplicationStatus).toBe('PENDING')
    expect(await head(aws.s3, 'dest-a', 'dir/a b+c.txt')).toBeUndefined()
    expect(await sandbox.replication.drain()).toEqual({ enabled: true, pending: 0, completed: 1, failed: 0 })

    const source = await head(aws.s3, 'source', 'dir/a b+c.txt')
    const replica = await head(aws.s3, 'dest-a', 'dir/a b+c.txt')
    expect(source?.ReplicationStatus).toBe('COMPLETED')
    expect(replica).toMatchObject({
      VersionId: versionId,
      LastModified: source?.LastModified,
      ReplicationStatus: 'REPLICA',
      StorageClass: 'STANDARD_IA',
      Metadata: { colour: 'blue' },
      ContentType: 'text/plain',
      ETag: source?.ETag,
    })
    expect(await bodyOf(aws.s3, 'dest-a', 'dir/a b+c.txt')).toBe('hello')
    const { TagSet } = await aws.s3.send(new GetObjectTaggingCommand({ Bucket: 'dest-a', Key: 'dir/a b+c.txt' }))
    expect(TagSet).toEqual([{ Key: 'team', Value: 'data' }])
  })

  it('filters by Prefix, Tag and And, skips Disabled rules, and lets the higher Priority win per destination', async () => {
    await putReplication(aws.s3, 'source', ROLE, [
      rule('dest-a', { ID: 'logs', Priority: 1, Filter: { Prefix: 'logs/' }, Destination: { Bucket: 'arn:aws:s3:::dest-a', StorageClass: 'GLACIER_IR' } }),
      rule('dest-a', { ID: 'important-logs', Priority: 5, Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'keep', Value: 'yes' }] } }, Destination: { Bucket: 'arn:aws:s3:::dest-a', StorageClass: 'STANDARD_IA' } }),
      rule('dest-b', { ID: 'tagged', Priority: 2, Filter: { Tag: { Key: 'copy', Value: 'b' } } }),
      rule('dest-b', { ID: 'off', Priority: 3, Status: 'Disabled', Filter: { Prefix: 'tmp/' } }),
    ])
    await put('logs/plain.log')
    await put('logs/kept.log', 'k', { Tagging: 'keep=yes' })
    await put('other/tagged.bin', 't', { Tagging: 'copy=b' })
    await put('tmp/scratch')
    await put('logs/both.log', 'b', { Tagging: 'copy=b' })
    await sandbox.replication.drain()

    expect((await head(aws.s3, 'dest-a', 'logs/plain.log'))?.StorageClass).toBe('GLACIER_IR')
    expect((await head(aws.s3, 'dest-a', 'logs/kept.log'))?.StorageClass).toBe('STANDARD_IA')
    expect(await head(aws.s3, 'dest-a', 'other/tagged.bin')).toBeUndefined()
    expect((await head(aws.s3, 'dest-b', 'other/tagged.bin'))?.ReplicationStatus).toBe('REPLICA')
    // Covered by no enabled rule: no replica and no status at all (UG replication-status).
    expect(await head(aws.s3, 'dest-b', 'tmp/scratch')).toBeUndefined()
    expect((await head(aws.s3, 'source', 'tmp/scratch'))?.ReplicationStatus).toBeUndefined()
    // Two destinations: a replica in each, COMPLETED once both have it.
    expect((await head(aws.s3, 'dest-a', 'logs/both.log'))?.ReplicationStatus).toBe('REPLICA')
    expect((await head(aws.s3, 'dest-b', 'logs/both.log'))?.ReplicationStatus).toBe('REPLICA')
    expect((await head(aws.s3, 'source', 'logs/both.log'))?.ReplicationStatus).toBe('COMPLETED')
  })

  it('keeps the destination current version the newest by source time, even when an older version lands last', async () => {
    await putReplication(aws.s3, 'source', ROLE, [rule('dest-a')])
    // The first replica write waits 400 ms, so version one lands after version two.
    sandbox.faults.add({ operation: 'Replication', kind: 'delay', delayMs: 400 })
    const one = await put('doc', 'version one')
    await new Promise((resolve) => setTimeout(resolve, 20))
    const two = await put('doc', 'version two')
    await sandbox.replication.drain()
    expect((await head(aws.s3, 'dest-a', 'doc'))?.VersionId).toBe(two)
    expect(await bodyOf(aws.s3, 'dest-a', 'doc')).toBe('version two')
    expect(await bodyOf(aws.s3, 'dest-a', 'doc', one)).toBe('version one')
    const { Versions } = await aws.s3.send(new ListObjectVersionsCommand({ Bucket: 'dest-a' }))
    expect(Versions?.map((version) => [version.VersionId, version.IsLatest])).toEqual([[two, true], [one, false]])
  })

  it('replicates delete markers only when DeleteMarkerReplication is Enabled, and never a delete of a version', async () => {
    await putReplication(aws.s3, 'source', ROLE, [
      rule('dest-a', { ID: 'markers', Filter: { Prefix: 'm/' }, DeleteMarkerReplication: { Status: 'Enabled' } }),
      rule('dest-b', { ID: 'no-markers', Filter: { Prefix: 'n/' } }),
    ])
    const kept = await put('m/kept')
    await put('m/gone')
    await put('n/gone')
    await put('m/batch')
    await sandbox.replication.drain()
    const marker = await aws.s3.send(new DeleteObjectCommand({ Bucket: 'source', Key: 'm/gone' }))
    await aws.s3.send(new DeleteObjectCommand({ Bucket: 'source', Key: 'n/gone' }))
    await aws.s3.send(new DeleteObjectCommand({ Bucket: 'source', Key: 'm/kept', VersionId: kept }))
    await aws.s3.send(new DeleteObjectsCommand({ Bucket: 'source', Delete: { Objects: [{ Key: 'm/batch' }] } }))
    await sandbox.replication.drain()

    expect(await head(aws.s3, 'dest-a', 'm/gone')).toBeUndefined()
    const { DeleteMarkers } = await aws.s3.send(new ListObjectVersionsCommand({ Bucket: 'dest-a', Prefix: 'm/' }))
    expect(DeleteMarkers?.map((entry) => [entry.Key, entry.VersionId, entry.IsLatest])).toEqual([
      ['m/batch', expect.any(String), true],
      ['m/gone', marker.VersionId, true],
    ])
    expect((await head(aws.s3, 'dest-b', 'n/gone'))?.ReplicationStatus).toBe('REPLICA')
    expect((await head(aws.s3, 'dest-a', 'm/kept', kept))?.VersionId).toBe(kept)
  })

  it('replicates every awkward key, and its delete marker, under the same key and version ID', async () => {
    await putReplication(aws.s3, 'source', ROLE, [rule('dest-a', { DeleteMarkerReplication: { Status: 'Enabled' } })])
    const written = new Map<string, string>()
    for (const key of AWKWARD_KEYS) written.set(key, await put(key))
    await sandbox.replication.drain()
    // One line per key, so a failure names every key that went wrong at once.
    const replicated = async (key: string) => {
      const [source, replica] = [await head(aws.s3, 'source', key), await head(aws.s3, 'dest-a', key)]
      const same = replica?.VersionId === written.get(key) && (await bodyOf(aws.s3, 'dest-a', key)) === key
      return `${source?.ReplicationStatus} ${replica?.ReplicationStatus} ${same ? 'same version and data' : 'differs'}`
    }
    const lines = async (describe: (key: string) => Promise<string>) => Object.fromEntries(await Promise.all(AWKWARD_KEYS.map(async (key) => [key, await describe(key)])))
    expect(await lines(replicated)).toEqual(Object.fromEntries(AWKWARD_KEYS.map((key) => [key, 'COMPLETED REPLICA same version and data'])))

    // A DELETE without a version ID makes a delete marker, replicated with its version ID (UG replication-what-is-isnot-replicated).
    const markers = new Map<string, string | undefined>()
    for (const key of AWKWARD_KEYS) markers.set(key, (await aws.s3.send(new DeleteObjectCommand({ Bucket: 'source', Key: key }))).VersionId)
    await sandbox.replication.drain()
    const { DeleteMarkers = [] } = await aws.s3.send(new ListObjectVersionsCommand({ Bucket: 'dest-a' }))
    const marked = async (key: string) => {
      const marker = DeleteMarkers.find((entry) => entry.Key === key)
      const gone = (await head(aws.s3, 'dest-a', key)) === undefined
      return `${marker?.VersionId === markers.get(key) ? 'same marker' : 'no marker'}${marker?.IsLatest ? ' latest' : ''}${gone ? ' gone' : ''}`
    }
    expect(await lines(marked)).toEqual(Object.fromEntries(AWKWARD_KEYS.map((key) => [key, 'same marker latest gone'])))
  }, 30_000)

  it('replicates CopyObject and multipart uploads, and does not replicate replicas back in a two-way setup', async () => {
    await putReplication(aws.s3, 'source', ROLE, [rule('dest-a')])
    await putReplication(aws.s3, 'dest-a', ROLE, [rule('source')])
    await put('original')
    await aws.s3.send(new CopyObjectCommand({ Bucket: 'source', Key: 'copied', CopySource: 'source/original' }))
    const { UploadId } = await aws.s3.send(new CreateMultipartUploadCommand({ Bucket: 'source', Key: 'multi' }))
    const part = await aws.s3.send(new UploadPartCommand({ Bucket: 'source', Key: 'multi', UploadId, PartNumber: 1, Body: 'parts' }))
    await aws.s3.send(new CompleteMultipartUploadCommand({ Bucket: 'source', Key: 'multi', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }))
    await sandbox.replication.drain()
    for (const key of ['original', 'copied', 'multi']) expect((await head(aws.s3, 'dest-a', key))?.ReplicationStatus).toBe('REPLICA')
    expect(await bodyOf(aws.s3, 'dest-a', 'multi')).toBe('parts')
    const { Versions } = await aws.s3.send(new ListObjectVersionsCommand({ Bucket: 'source' }))
    expect(Versions).toHaveLength(3) // nothing came back
    expect(sandbox.replication.stats()).toMatchObject({ completed: 3, failed: 0 })
  })

  it('marks a version FAILED when its Replication fault fires, and can be turned off', async () => {
    await putReplication(aws.s3, 'source', ROLE, [rule('dest-a')])
    sandbox.faults.add({ operation: 'Replication', keyPattern: '^bad', status: 500, code: 'InternalError' })
    await put('bad')
    await put('good')
    await sandbox.replication.drain()
    expect((await head(aws.s3, 'source', 'bad'))?.ReplicationStatus).toBe('FAILED')
    expect(await head(aws.s3, 'dest-a', 'bad')).toBeUndefined()
    expect((await head(aws.s3, 'source', 'good'))?.ReplicationStatus).toBe('COMPLETED')
    expect(sandbox.faults.stats().Replication).toMatchObject({ calls: 2, injected: 1 })

    const admin = (body?: unknown) =>
      fetch(`${sandbox.endpoint}/_sandbox/replication`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }).then((response) => response.json())
    expect(await admin({ enabled: false })).toEqual({ enabled: false, pending: 0, completed: 1, failed: 1 })
    await put('while-off')
    expect((await head(aws.s3, 'source', 'while-off'))?.ReplicationStatus).toBeUndefined()
    expect(await admin()).toMatchObject({ enabled: false, pending: 0 })
    await sandbox.reset()
    expect(sandbox.replication.stats()).toEqual({ enabled: true, pending: 0, completed: 0, failed: 0 })
  })
})
