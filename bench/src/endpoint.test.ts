import { ListObjectsCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3'
import { buildManifest, createClients, listObjectsInParallel } from '@s3-seed/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEndpoint, type Endpoint } from './endpoint.js'
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
