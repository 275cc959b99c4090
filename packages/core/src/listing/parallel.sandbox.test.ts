import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ConfiguredRetryStrategy } from '@smithy/core/retry'
import type { Sandbox } from '@s3-seed/sandbox'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SeedClients } from '../aws/clients.js'
import { createBucket, sandboxClients } from '../test-support/sandbox.js'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { useListRequests, type ListRequestPath } from '../aws/lean/list-request-choice.js'
import { listObjectsInParallel } from './parallel.js'
import { listObjectPages } from './sequential.js'

let sandbox: Sandbox
let clients: SeedClients

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0')

/** Key shapes, each a few hundred keys: enough to split many times with 7-key pages. */
const SHAPES: Record<string, string[]> = {
  'flat UUIDs': Array.from({ length: 200 }, (_, i) => `${hex((i * 2654435761) % 4294967296, 8)}-${hex(i * 40503, 4)}-4${hex(i, 3)}-a${hex(i * 7, 3)}-${hex(i * 999331, 12)}`),
  'date partitions': Array.from({ length: 200 }, (_, i) => `logs/2024/${String(1 + (i % 12)).padStart(2, '0')}/${String(1 + (i % 28)).padStart(2, '0')}/part-${i}.json.gz`),
  'awkward characters': [
    'a b', 'a+b', 'a%b', 'a,b', `a"b`, "a'b", 'a\tb', 'ü', 'ünï/cödé', '日本語/ファイル', '😀', '😀/😀', '\uffff', '\ue000', 'Ω', '~', '!', '(x)', '[y]', '&=:@;$',
    ...Array.from({ length: 60 }, (_, i) => `mixed/${String.fromCodePoint(0x20 + ((i * 37) % 0x5f))}${String.fromCodePoint(0xa0 + i * 131)}-${i}`),
  ],
  'one long shared prefix': Array.from({ length: 150 }, (_, i) => `${'p'.repeat(300)}/${String(i).padStart(5, '0')}`),
  'differing only in the last character': Array.from({ length: 120 }, (_, i) => `same/prefix/for/every/key-${String.fromCodePoint(0x21 + i)}`),
}

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 }, resetEachTest: false })
beforeAll(async () => {
  clients = sandboxClients(sandbox)
  const s3 = clients.s3('us-east-1')
  let index = 0
  for (const keys of Object.values(SHAPES)) {
    const bucket = `shape-${index++}`
    await createBucket(clients, bucket)
    for (let start = 0; start < keys.length; start += 16) {
      await Promise.all(keys.slice(start, start + 16).map((key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))))
    }
  }
})

async function collect(pages: AsyncIterable<Array<{ key: string }>>): Promise<string[]> {
  const keys: string[] = []
  for await (const page of pages) keys.push(...page.map((object) => object.key))
  return keys
}

/**
 * The sandbox's client on the lean list requests (the default) or on the SDK's commands, counting
 * the list requests the SDK sends, so a test can tell which path listed.
 */
function clientOn(path: ListRequestPath): { s3: S3Client; sdkListRequests: () => number; sdkPrefixes: Set<string> } {
  const s3 = sandboxClients(sandbox).s3('us-east-1')
  useListRequests(s3, path)
  let sent = 0
  const prefixes = new Set<string>()
  s3.middlewareStack.add(
    (next) => (args) => {
      const query = (args.request as { query?: Record<string, unknown> }).query
      if (query?.['list-type'] === '2') {
        sent++
        prefixes.add(String(query.prefix ?? ''))
      }
      return next(args)
    },
    { step: 'finalizeRequest', name: 'countListRequests' },
  )
  return { s3, sdkListRequests: () => sent, sdkPrefixes: prefixes }
}

describe('listObjectsInParallel', () => {
  // Every shape through the lean path and through the SDK's fallback.
  const cases = Object.entries(SHAPES).flatMap(([shape, keys], index) => (['lean', 'sdk'] as ListRequestPath[]).map((path) => [shape, path, keys, `shape-${index}`] as const))
  /** What every key of a shape starts with, so every range cut between two keys asks for at least that (rangePrefix). */
  const SHARED: Record<string, string> = { 'date partitions': 'logs/2024/', 'one long shared prefix': 'p'.repeat(256), 'differing only in the last character': 'same/prefix/for/every/key-' }
  it.each(cases)('lists every key exactly once: %s (%s list requests)', async (shape, path, keys, bucket) => {
    const { s3, sdkListRequests, sdkPrefixes } = clientOn(path)
    const sequential = await collect(listObjectPages(clients.s3('us-east-1'), bucket))
    const parallel = await collect(listObjectsInParallel(s3, { bucket, maxKeys: 7, concurrency: 8, initialConcurrency: 8 }))
    expect(sequential.sort()).toEqual([...keys].sort())
    expect(parallel.length).toBe(keys.length) // no duplicates
    expect(parallel.sort()).toEqual(sequential)
    if (path === 'lean') expect(sdkListRequests()).toBe(0)
    else {
      expect(sdkListRequests()).toBeGreaterThan(keys.length / 7)
      // Ranges between keys that share a prefix ask for that prefix (rangePrefix): S3 stops there.
      const shared = SHARED[shape]
      if (shared !== undefined) expect([...sdkPrefixes].filter((prefix) => prefix.startsWith(shared)).length, [...sdkPrefixes].join(', ')).toBeGreaterThan(0)
    }
  })

  it('honours a prefix', async () => {
    const s3 = clients.s3('us-east-1')
    const expected = (SHAPES['date partitions'] as string[]).filter((key) => key.startsWith('logs/2024/03/')).sort()
    const parallel = await collect(listObjectsInParallel(s3, { bucket: 'shape-1', prefix: 'logs/2024/03/', maxKeys: 3, concurrency: 6 }))
    expect(parallel.sort()).toEqual(expected)
  })

  it.each<ListRequestPath>(['lean', 'sdk'])('gets through SlowDown responses (%s list requests)', async (path) => {
    sandbox.faults.add({ operation: 'ListObjectsV2', count: 6, status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' })
    // Tests' clients make one attempt per call; this one retries, as real runs do, but 10 ms apart:
    // the SDK's adaptive backoff would sleep ~20 s of real time on six SlowDowns.
    const retrying = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials, retryStrategy: new ConfiguredRetryStrategy(10, 10) })
    useListRequests(retrying, path)
    const keys = await collect(listObjectsInParallel(retrying, { bucket: 'shape-0', maxKeys: 20, concurrency: 4 }))
    expect(keys.length).toBe(200)
    expect(sandbox.faults.list()).toEqual([])
  })

  it('stops its workers when the consumer stops early', async () => {
    const s3 = clients.s3('us-east-1')
    const seen: string[] = []
    for await (const page of listObjectsInParallel(s3, { bucket: 'shape-0', maxKeys: 5, concurrency: 4 })) {
      seen.push(...page.map((object) => object.key))
      if (seen.length >= 10) break
    }
    expect(seen.length).toBeGreaterThanOrEqual(10)
  })
})
