import type { ListedObject } from './sequential.js'

/**
 * One key of a comparison: only in the source (missing), only in the destination (extra), in both
 * with different sizes (or different plain-MD5 ETags, with compareEtags: differing), or the same.
 */
export interface ListingDifference {
  kind: 'missing' | 'extra' | 'differing' | 'same'
  key: string
  source?: ListedObject
  destination?: ListedObject
}

/** Same size (and, with compareEtags, the same ETag when both are plain MD5s). */
export function sameObject(a: ListedObject, b: ListedObject, compareEtags: boolean): boolean {
  if (a.size !== b.size) return false
  if (compareEtags && a.etag && b.etag && MD5.test(a.etag) && MD5.test(b.etag)) return a.etag === b.etag
  return true
}

const MD5 = /^[0-9a-f]{32}$/
