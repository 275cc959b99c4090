import { ListObjectsCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3'
import { buildManifest, createClients, listObjectsInParallel, verifyBuckets, type Difference } from '@s3-seed/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEndpoint, type Endpoint } from './endpoint.js'
import { KeyIndex } from './key-index.js'
import { keyAt, KEY_SHAPES, type KeyShape } from './key-shapes.js'

// Correctness at small sizes (speed is measured by `pnpm bench`, not here): the bench endpoint
// answers like S3, and s3-seed's parallel listing yields exactly the keys a sequential one does.
const COUNT = 2500
const endpoints = new Map<KeyShape, Endpoint>()

beforeAll(async () => {
  for (const shape of KEY_SHAPES) endpoints.set(shape, await startEndpoint({ shape, count: COUNT }))
})
afterAll(async () => {
  for (const endpoint of endpoints.values()) await endpoint.close()
})

const s3For = (endpoint: Endpoint) => createClients({ region: 'us-east-1', endpoints: { s3: endpoint.url }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 }).s3('us-east-1')

describe.each(KEY_SHAPES)('bench endpoint, %s keys', (shape) => {
  const expected = Array.from({ length: COUNT }, (_, index) => keyAt(shape, COUNT, index))

  it('generates distinct keys in S3 (UTF-8 byte) order', () => {
    for (let index = 1; index < COUNT; index++) {
      expect(Buffer.compare(Buffer.from(expected[index - 1] as string), Buffer.from(expected[index] as string))).toBeLessThan(0)
    }
  })

  it('pages like S3 for the SDK paginator', async () => {
    const endpoint = endpoints.get(shape) as Endpoint
    const s3 = new S3Client({ region: 'us-east-1', endpoint: endpoint.url, forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
    const keys: string[] = []
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 333 }, { Bucket: endpoint.bucket })) keys.push(...(page.Contents ?? []).map((object) => object.Key as string))
    expect(keys).toEqual(expected)
  })

  it('yields every key exactly once to the parallel lister', async () => {
    const endpoint = endpoints.get(shape) as Endpoint
    const keys: string[] = []
    for await (const page of listObjectsInParallel(s3For(endpoint), { bucket: endpoint.bucket, maxKeys: 37, concurrency: 12, initialConcurrency: 12 })) {
      keys.push(...page.map((object) => object.key))
    }
    expect(keys.length).toBe(COUNT)
    expect(keys.sort()).toEqual([...expected].sort())
  })

  const hundredths = expected.filter((_, index) => index % 100 === 99)

  it('serves the re-run and verify destinations, which s3-seed compares with the source in parallel', async () => {
    const endpoint = endpoints.get(shape) as Endpoint
    const s3 = s3For(endpoint)
    // A re-run: only the hundredth keys, missing from the destination, go into the manifest.
    const rerun = await buildManifest({
      sourceS3: s3,
      manifestS3: s3,
      source: endpoint.bucket,
      manifest: { bucket: endpoint.bucket, key: 'rerun.csv' },
      onlyChangedIn: { s3, bucket: endpoint.buckets['less-1%'] },
      listConcurrency: 12,
    })
    expect([rerun.objectCount, rerun.skipped]).toEqual([hundredths.length, COUNT - hundredths.length])
    // verify: the resized hundredth keys, in key order.
    const differences: Difference[] = []
    const clients = createClients({ region: 'us-east-1', endpoints: { s3: endpoint.url }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 })
    const result = await verifyBuckets({ clients, source: endpoint.bucket, destination: endpoint.buckets['resized-1%'], onDifference: (difference) => differences.push(difference) })
    expect(differences.map((difference) => [difference.kind, difference.key])).toEqual(hundredths.map((key) => ['differing', key]))
    expect([result.sourceObjects, result.destinationObjects]).toEqual([COUNT, COUNT])
  })

  it('answers URL-encoded pages from its cached elements byte for byte as it makes them, in every bucket', async () => {
    const endpoint = endpoints.get(shape) as Endpoint
    const uncached = await startEndpoint({ shape, count: COUNT, cacheElements: false })
    try {
      for (const bucket of Object.values(endpoint.buckets)) {
        for (const query of ['list-type=2&encoding-type=url', `list-type=2&encoding-type=url&max-keys=777&start-after=${encodeURIComponent(expected[400] as string)}`, `list-type=2&encoding-type=url&continuation-token=${Buffer.from('2450').toString('base64')}`, `list-type=2&encoding-type=url&prefix=${encodeURIComponent((expected[400] as string).slice(0, 4))}&start-after=${encodeURIComponent(expected[399] as string)}`]) {
          const [cached, made] = await Promise.all([endpoint.url, uncached.url].map(async (url) => (await fetch(`${url}/${bucket}?${query}`)).text()))
          expect(cached, `${bucket}?${query}`).toBe(made)
          expect(cached).toContain('<Contents>')
        }
      }
    } finally {
      await uncached.close()
    }
  })

  it('answers HeadObject with checksums, so verify --checksum finds the keys rewritten at the same size', async () => {
    // Fewer keys than the listing tests: HEADs cost a millisecond of CPU each.
    const endpoint = await startEndpoint({ shape, count: 200 })
    try {
      const clients = createClients({ region: 'us-east-1', endpoints: { s3: endpoint.url }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 })
      const differences: Difference[] = []
      const result = await verifyBuckets({ clients, source: endpoint.bucket, destination: endpoint.buckets['rewritten-1%'], checksum: true, onDifference: (difference) => differences.push(difference) })
      const rewritten = [99, 199].map((index) => keyAt(shape, 200, index))
      expect(differences.map((difference) => [difference.kind, difference.key])).toEqual(rewritten.map((key) => ['content-differs', key]))
      expect(result.content).toMatchObject({ checked: 200, comparedBy: { checksum: 200 }, notComparable: { count: 0 }, headRequests: 400 })
      expect(endpoint.stats.heads.requests).toBe(400)
      expect((await verifyBuckets({ clients, source: endpoint.bucket, destination: endpoint.buckets['rewritten-1%'] })).complete).toBe(true)
    } finally {
      await endpoint.close()
    }
  })
})

describe('verify --checksum at 20 ms a request', () => {
  it('keeps several HEADs in flight, never more than its limit of 48', async () => {
    // How far it ramps up depends on the machine's load; the bench measures that (pnpm bench).
    const endpoint = await startEndpoint({ shape: 'flat-uuid', count: 400, delayMs: 20 })
    try {
      const clients = createClients({ region: 'us-east-1', endpoints: { s3: endpoint.url }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 })
      const result = await verifyBuckets({ clients, source: endpoint.bucket, destination: endpoint.buckets['rewritten-1%'], checksum: true })
      expect(result.content?.differs.count).toBe(4)
      expect(endpoint.stats.heads.maxConcurrency).toBeGreaterThanOrEqual(8)
      expect(endpoint.stats.heads.maxConcurrency).toBeLessThanOrEqual(48)
    } finally {
      await endpoint.close()
    }
  })
})

describe('buildManifest with a signal', () => {
  it('stops listing when aborted and aborts the multipart upload it started', async () => {
    const endpoint = await startEndpoint({ shape: 'sequential-ids', count: 400_000 })
    try {
      const s3 = s3For(endpoint)
      const controller = new AbortController()
      const build = buildManifest({
        sourceS3: s3,
        manifestS3: s3,
        source: endpoint.bucket,
        manifest: { bucket: endpoint.bucket, key: 'interrupted.csv' },
        signal: controller.signal,
        // Past one 5 MiB part (about 120,000 lines), so a multipart upload is under way.
        onProgress: (listed) => listed >= 150_000 && controller.abort(new Error('Ctrl-C')),
      })
      await expect(build).rejects.toThrow(/Interrupted/)
      const listed = endpoint.stats.listRequests
      expect(endpoint.stats.multipart).toMatchObject({ started: 1, completed: 0, aborted: 1 })
      expect(endpoint.stats.multipart.parts).toBeGreaterThanOrEqual(1)
      // Nothing keeps listing after the abort.
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(endpoint.stats.listRequests).toBe(listed)
      expect(listed).toBeLessThan(300)
    } finally {
      await endpoint.close()
    }
  })
})

describe('KeyIndex', () => {
  it('leaves out or resizes every hundredth key', () => {
    const all = new KeyIndex('sequential-ids', 1000)
    const less = new KeyIndex('sequential-ids', 1000, 'less-1%')
    const resized = new KeyIndex('sequential-ids', 1000, 'resized-1%')
    expect(less.count).toBe(990)
    const kept = Array.from({ length: less.count }, (_, index) => less.at(index))
    expect(kept).toEqual(Array.from({ length: 1000 }, (_, index) => all.at(index)).filter((_, index) => index % 100 !== 99))
    expect(Array.from({ length: 1000 }, (_, index) => index).filter((index) => resized.size(index) !== all.size(index))).toEqual([99, 199, 299, 399, 499, 599, 699, 799, 899, 999])
  })

  it('rewrites every hundredth key at the same size: another ETag and checksum', () => {
    const all = new KeyIndex('flat-uuid', 1000)
    const rewritten = new KeyIndex('flat-uuid', 1000, 'rewritten-1%')
    const indexes = Array.from({ length: 1000 }, (_, index) => index)
    expect(indexes.filter((index) => rewritten.size(index) !== all.size(index))).toEqual([])
    expect(indexes.filter((index) => rewritten.etag(index) !== all.etag(index))).toEqual([99, 199, 299, 399, 499, 599, 699, 799, 899, 999])
    expect(indexes.filter((index) => rewritten.checksum(index) !== all.checksum(index))).toEqual([99, 199, 299, 399, 499, 599, 699, 799, 899, 999])
    expect(new Set(indexes.map((index) => all.checksum(index))).size).toBe(1000)
    expect(all.etag(5)).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('bench endpoint', () => {
  it('groups by delimiter for ListObjects (V1), as rclone lists directories', async () => {
    const endpoint = endpoints.get('date-partitioned') as Endpoint
    const s3 = new S3Client({ region: 'us-east-1', endpoint: endpoint.url, forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
    const page = await s3.send(new ListObjectsCommand({ Bucket: endpoint.bucket, Prefix: 'logs/2020/01/01/', Delimiter: '/' }))
    expect(page.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(Array.from({ length: 24 }, (_, hour) => `logs/2020/01/01/${String(hour).padStart(2, '0')}/`))
    expect(page.Contents ?? []).toEqual([])
  })

  it('accepts the manifest upload and counts its bytes', async () => {
    const endpoint = endpoints.get('awkward') as Endpoint
    const before = endpoint.stats.uploadedBytes
    const s3 = s3For(endpoint)
    const result = await buildManifest({ sourceS3: s3, manifestS3: s3, source: endpoint.bucket, manifest: { bucket: endpoint.bucket, key: 'm.csv' } })
    expect(result.objectCount).toBe(COUNT)
    expect(endpoint.stats.uploadedBytes - before).toBeGreaterThan(COUNT * 20)
  })
})
