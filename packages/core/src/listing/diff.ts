import { compareKeys } from './key-range.js'
import type { ListedObject } from './sequential.js'

export interface ListingDifference {
  kind: 'missing' | 'extra' | 'differing' | 'same'
  key: string
  source?: ListedObject
  destination?: ListedObject
}

/**
 * Merges two listings that are both in S3's key order (listObjectPages) and says, key by key, whether
 * an object is only in the source (missing), only in the destination (extra), in both with different
 * sizes (or different plain-MD5 ETags, with compareEtags: differing), or the same. Memory stays flat.
 */
export async function* diffListings(
  source: AsyncIterable<ListedObject[]>,
  destination: AsyncIterable<ListedObject[]>,
  compareEtags = false,
): AsyncGenerator<ListingDifference> {
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
      yield { kind: sameObject(a.value, b.value, compareEtags) ? 'same' : 'differing', key: a.value.key, source: a.value, destination: b.value }
      a = await left.next()
      b = await right.next()
    }
  }
}

/** Same size (and, with compareEtags, the same ETag when both are plain MD5s). */
export function sameObject(a: ListedObject, b: ListedObject, compareEtags: boolean): boolean {
  if (a.size !== b.size) return false
  if (compareEtags && a.etag && b.etag && MD5.test(a.etag) && MD5.test(b.etag)) return a.etag === b.etag
  return true
}

const MD5 = /^[0-9a-f]{32}$/

async function* objects(pages: AsyncIterable<ListedObject[]>): AsyncGenerator<ListedObject> {
  for await (const page of pages) yield* page
}
