import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SeedClients } from '../aws/clients.js'
import type { ListRequestPath } from '../aws/lean/list-request-choice.js'
import { createBucket, sandboxClients } from '../test-support/sandbox.js'
import { compareInParallel, type CompareOptions } from './compare.js'
import { sameObject, type ListingDifference } from './diff.js'
import { compareKeys } from './key-range.js'
import { listObjectPages, type ListedObject } from './sequential.js'

let sandbox: Sandbox
let clients: SeedClients
/** The client each list request path lists with: the lean requests (the default), or the SDK's commands. */
const listers = {} as Record<ListRequestPath, S3Client>

const MAX = '\u{10ffff}'
const pad = (value: number, width: number) => String(value).padStart(width, '0')
const hex = (value: number, width: number) => value.toString(16).padStart(width, '0')

/**
 * Keys the range comparison must agree with the sequential merge on: dense ids under a long prefix,
 * UUIDs, awkward and astral-plane characters (whose UTF-8 order differs from JavaScript's), and keys
 * that are range edges themselves: `!0`..`!2` make the first page, whose block ends (`!` + U+10FFFF,
 * U+10FFFF) are where the top range is first cut.
 */
const SOURCE = [
  '!0', '!1', '!2', `!${MAX}`, `!${MAX}x`, MAX, `${MAX}${MAX}`,
  ...Array.from({ length: 45 }, (_, index) => `logs/ingest/2026/${pad(index * 3, 10)}.json`),
  `logs/ingest/2026/${MAX}`, `logs/ingest/2026/0000000${MAX}`,
  ...Array.from({ length: 25 }, (_, index) => `${hex((index * 2654435761) % 4294967296, 8)}-${hex(index * 40503, 4)}-4abc-a123-${hex(index * 999331, 12)}`),
  'a b', 'a+b', 'a%b', 'a,b', 'ü', 'ünï/cödé', '日本語/ファイル', '😀', '😀/😀', '\uffff', '\ue000', 'Ω', '~', '(x)', '&=:@;$', 'trailing/',
]
const unique = (keys: string[]) => [...new Set(keys)]
/** Every 7th source key missing, every 11th another size, and keys only the destination has. */
const DESTINATION = unique([
  ...SOURCE.filter((_, index) => index % 7 !== 3),
  ...Array.from({ length: 10 }, (_, index) => `logs/ingest/2026/${pad(index * 3 + 1, 10)}.json`),
  '!00', `!${MAX}y`, '😀/😁', '\ufffe', 'only-here/x',
])
const resized = (key: string) => SOURCE.indexOf(key) % 11 === 5

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 }, resetEachTest: false })
beforeAll(async () => {
  clients = sandboxClients(sandbox)
  const s3 = clients.s3('us-east-1')
  listers.lean = s3
  listers.sdk = sandboxClients(sandbox, sandbox.region, 1, 'sdk').s3('us-east-1')
  const fill = async (bucket: string, keys: string[], body: (key: string) => string) => {
    await createBucket(clients, bucket)
    for (let start = 0; start < keys.length; start += 16) {
      await Promise.all(keys.slice(start, start + 16).map((key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body(key) }))))
    }
  }
  await fill('compare-source', SOURCE, (key) => key)
  await fill('compare-destination', DESTINATION, (key) => (resized(key) ? `${key} resized` : key))
  await createBucket(clients, 'compare-empty')
})

type Found = Array<[kind: string, key: string]>

/**
 * Merges two listings that are both in S3's key order (listObjectPages), key by key: the simplest
 * comparison there is, which compareInParallel must agree with.
 */
async function* diffListings(source: AsyncIterable<ListedObject[]>, destination: AsyncIterable<ListedObject[]>): AsyncGenerator<ListingDifference> {
  const objects = async function* (pages: AsyncIterable<ListedObject[]>) {
    for await (const page of pages) yield* page
  }
  const left = objects(source)
  const right = objects(destination)
  let a = await left.next()
  let b = await right.next()
  while (!a.done || !b.done) {
    const order = a.done ? 1 : b.done ? -1 : compareKeys(a.value.key, b.value.key)
    if (order < 0 && !a.done) {
      yield { kind: 'missing', key: a.value.key, source: a.value }
      a = await left.next()
    } else if (order > 0 && !b.done) {
      yield { kind: 'extra', key: b.value.key, destination: b.value }
      b = await right.next()
    } else if (!a.done && !b.done) {
      yield { kind: sameObject(a.value, b.value, false) ? 'same' : 'differing', key: a.value.key, source: a.value, destination: b.value }
      a = await left.next()
      b = await right.next()
    }
  }
}

/** The reference: both buckets listed in order, one page at a time, and merged (diffListings). */
async function oracle(source: string, destination: string, prefix?: string): Promise<{ differences: Found; same: number; counts: [number, number]; all: Found }> {
  const s3 = clients.s3('us-east-1')
  const differences: Found = []
  const all: Found = []
  let same = 0
  const counts: [number, number] = [0, 0]
  for await (const difference of diffListings(listObjectPages(s3, source, prefix), listObjectPages(s3, destination, prefix))) {
    if (difference.source) counts[0]++
    if (difference.destination) counts[1]++
    all.push([difference.kind, difference.key])
    if (difference.kind === 'same') same++
    else differences.push([difference.kind, difference.key])
  }
  return { differences, same, counts, all }
}

async function parallel(source: string, destination: string, options: Partial<CompareOptions>, path: ListRequestPath): Promise<{ differences: Found; same: number; counts: [number, number] }> {
  const s3 = listers[path]
  const differences: Found = []
  let same = 0
  const counts: [number, number] = [0, 0]
  for await (const batch of compareInParallel({ source: { s3, bucket: source }, destination: { s3, bucket: destination }, ...options })) {
    same += batch.same
    counts[0] += batch.sourceObjects
    counts[1] += batch.destinationObjects
    for (const difference of batch.differences) differences.push([difference.kind, difference.key])
  }
  return { differences, same, counts }
}

const byKey = (found: Found) => [...found].sort((a, b) => compareKeys(a[1], b[1]))

// Small pages and many ranges, so ranges are cut all over the key space, many of them empty.
const MANY_RANGES: Partial<CompareOptions> = { maxKeys: 3, concurrency: 16, initialConcurrency: 16 }
const FEW_RANGES: Partial<CompareOptions> = { maxKeys: 8, concurrency: 8, initialConcurrency: 4 }

describe('compareInParallel agrees with the sequential merge', () => {
  // The same cases through both list request paths: the lean requests, and the SDK's commands
  // they fall back to (decisions §29).
  describe.each<ListRequestPath>(['lean', 'sdk'])('through %s list requests', (path) => {
    it.each([
      ['different buckets', 'compare-source', 'compare-destination', undefined],
      ['the other way round', 'compare-destination', 'compare-source', undefined],
      ['identical buckets', 'compare-source', 'compare-source', undefined],
      ['an empty destination', 'compare-source', 'compare-empty', undefined],
      ['an empty source', 'compare-empty', 'compare-destination', undefined],
      ['two empty buckets', 'compare-empty', 'compare-empty', undefined],
      ['a prefix', 'compare-source', 'compare-destination', 'logs/ingest/2026/00000001'],
      ['an astral prefix', 'compare-source', 'compare-destination', '😀'],
      ['a prefix with no keys', 'compare-source', 'compare-destination', 'nothing/'],
    ] as const)('%s', async (_, source, destination, prefix) => {
      const expected = await oracle(source, destination, prefix)
      if (source !== destination && prefix === undefined) expect(expected.differences.length).toBeGreaterThan(20)
      const only = prefix ? { prefix } : {}
      // Ordered (verify): the very same differences in the very same order.
      for (const settings of [MANY_RANGES, { maxKeys: 1000 }]) {
        const ordered = await parallel(source, destination, { ...settings, ...only, ordered: true }, path)
        expect(ordered.differences, JSON.stringify(settings)).toEqual(expected.differences)
        expect(ordered.same).toBe(expected.same)
        expect(ordered.counts).toEqual(expected.counts)
      }
      // Unordered (seeding): the same differences, in whatever order the ranges finish.
      const unordered = await parallel(source, destination, { ...FEW_RANGES, ...only }, path)
      expect(byKey(unordered.differences)).toEqual(expected.differences)
      expect(unordered.same).toBe(expected.same)
    })

    it.each([
      ['an empty destination', 'compare-source', 'compare-empty', 300, 2, 16],
      // Almost nothing may be held: ranges past the head wait often, letting their pages go and
      // listing again from the last key they merged.
      ['different buckets', 'compare-source', 'compare-destination', 1, 2, 16],
      ['the other way round', 'compare-destination', 'compare-source', 1, 2, 16],
      // Pages of 4 and more ranges: a range that must wait may have asked for a side's next page
      // already (its rest was short), which has to land before the range lists again.
      ['different buckets', 'compare-source', 'compare-destination', 1, 4, 64],
      ['the other way round', 'compare-destination', 'compare-source', 1, 4, 64],
    ] as const)('keeps key order while later ranges wait for earlier ones (%s, held budget %s, pages of %s, %s in flight)', async (_, source, destination, maxHeld, maxKeys, concurrency) => {
      const expected = await oracle(source, destination)
      const found = await parallel(source, destination, { maxKeys, concurrency, initialConcurrency: concurrency, ordered: true, maxHeld }, path)
      expect(found.differences).toEqual(expected.differences)
      expect(found.same).toBe(expected.same)
      expect(found.counts).toEqual(expected.counts)
    })

    it.each([
      ['many ranges', MANY_RANGES],
      ['ranges that wait for earlier ones', { maxKeys: 2, concurrency: 16, initialConcurrency: 16, maxHeld: 1 }],
    ] as const)('with keepSame, yields the objects that are the same too, in key order among the differences (%s)', async (_, settings) => {
      const expected = await oracle('compare-source', 'compare-destination')
      expect(expected.same).toBeGreaterThan(20)
      const found = await parallel('compare-source', 'compare-destination', { ...settings, ordered: true, keepSame: true }, path)
      expect(found.differences).toEqual(expected.all)
      expect(found.same).toBe(expected.same)
    })
  })

  it('stops when its signal is aborted, with the signal reason', async () => {
    const controller = new AbortController()
    const s3 = clients.s3('us-east-1')
    const batches = compareInParallel({ source: { s3, bucket: 'compare-source' }, destination: { s3, bucket: 'compare-destination' }, maxKeys: 2, signal: controller.signal })
    const seen: number[] = []
    const run = (async () => {
      for await (const batch of batches) {
        seen.push(batch.sourceObjects)
        controller.abort(new Error('stop here'))
      }
    })()
    await expect(run).rejects.toThrow('stop here')
    expect(seen.length).toBe(1)
  })
})
