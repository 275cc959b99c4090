/**
 * Key-space arithmetic for splitting a listing into ranges. S3 lists keys in UTF-8 binary order,
 * which is Unicode code point order, not JavaScript's UTF-16 string order (they differ for astral
 * characters), so keys are compared and split as code point sequences.
 */

export function compareKeys(a: string, b: string): number {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  let index = 0
  while (index < length && a.charCodeAt(index) === b.charCodeAt(index)) index++
  if (index === length) return a.length - b.length
  let x = a.charCodeAt(index)
  let y = b.charCodeAt(index)
  // UTF-16 units order like code points except that surrogates (astral characters) sort below
  // U+E000..U+FFFF: move them above. Merging millions of keys, this saves two Buffers a comparison.
  if (x >= 0xd800 && y >= 0xd800) {
    x = x >= 0xe000 ? x - 0x800 : x + 0x2000
    y = y >= 0xe000 ? y - 0x800 : y + 0x2000
  }
  return x - y
}

const MAX_CODE_POINT = 0x10ffff

/**
 * A key strictly between `low` and `high` in S3's order, or undefined when none is cheap to find.
 * `ceiling` bounds the characters tried when `high` is open (undefined): the highest code point
 * seen in the bucket so far, plus one, keeps the split inside the part of the key space in use.
 * Splits only balance the work: a poor midpoint costs a request, never a key.
 */
export function midpointKey(low: string, high: string | undefined, ceiling = MAX_CODE_POINT): string | undefined {
  const lo = codePoints(low)
  const hi = high === undefined ? [Math.min(MAX_CODE_POINT, Math.max(ceiling, (lo[0] ?? 0) + 2))] : codePoints(high)
  let index = 0
  while (index < lo.length && index < hi.length && lo[index] === hi[index]) index++
  const prefix = lo.slice(0, index)
  const top = hi[index]
  if (top === undefined) return undefined // high is a prefix of low (or equal): nothing lies between
  const bottom = lo[index]
  if (bottom === undefined) {
    // low is a prefix of high: low + any character below top (never NUL) lies between.
    return top >= 2 ? fromCodePoints([...prefix, safeCodePoint(Math.floor(top / 2), 0, top)]) : undefined
  }
  if (top - bottom >= 2) return fromCodePoints([...prefix, safeCodePoint(Math.floor((bottom + top) / 2), bottom, top)])
  // Adjacent characters: keep low's character and go above the rest of low.
  return fromCodePoints([...prefix, bottom, ...aboveSuffix(lo.slice(index + 1), ceiling)])
}

/** A suffix greater than `rest`, kept under `ceiling` where it can be. */
function aboveSuffix(rest: number[], ceiling: number): number[] {
  const first = rest[0]
  if (first === undefined) return [Math.max(1, Math.floor(Math.min(ceiling, MAX_CODE_POINT) / 2))]
  const limit = Math.min(MAX_CODE_POINT + 1, Math.max(ceiling, first + 2))
  if (limit - first >= 2) return [safeCodePoint(Math.floor((first + limit) / 2), first, limit)]
  return [first, ...aboveSuffix(rest.slice(1), ceiling)]
}

/** Avoids the surrogate range, which is not valid in a UTF-8 key. */
function safeCodePoint(candidate: number, exclusiveLow: number, exclusiveHigh: number): number {
  if (candidate < 0xd800 || candidate > 0xdfff) return candidate
  if (0xd7ff > exclusiveLow) return 0xd7ff
  if (0xe000 < exclusiveHigh) return 0xe000
  return candidate
}

function codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0) as number)
}

function fromCodePoints(points: number[]): string {
  return String.fromCodePoint(...points)
}

/**
 * The longest prefix every key of the range (startAfter, end] starts with, and at least the
 * listing's `prefix`. A key above one string and not above another shares every character the two
 * share before they differ, in any order that compares character by character, as S3's does.
 * Sent as the request's Prefix, it makes S3 stop at the end of that prefix rather than list a
 * whole page past the range's end, keys the next range lists again (a date-partitioned bucket lists
 * a quarter of its keys twice without it: decisions §32). Ends before a surrogate pair's second
 * half, so it is whole characters, and at most MAX_RANGE_PREFIX long.
 */
export function rangePrefix(prefix: string, startAfter: string | undefined, end: string | undefined): string {
  if (startAfter === undefined || end === undefined) return prefix
  const most = Math.min(startAfter.length, end.length, Math.max(prefix.length, MAX_RANGE_PREFIX))
  let shared = 0
  while (shared < most && startAfter.charCodeAt(shared) === end.charCodeAt(shared)) shared++
  if (shared > 0 && isHighSurrogate(startAfter.charCodeAt(shared - 1))) shared--
  return shared > prefix.length && startAfter.startsWith(prefix) ? startAfter.slice(0, shared) : prefix
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code < 0xdc00

/**
 * UTF-16 units of a range's prefix at most (any start of a shared prefix is one too). The request
 * also carries start-after, a key of up to 1,024 bytes, URL-encoded up to three times as long; this
 * keeps the prefix under 2.3 KB encoded, so the request line stays well inside the 8 KB that HTTP
 * servers commonly allow, whatever the keys. Keys sharing more than 256 characters are rare.
 */
const MAX_RANGE_PREFIX = 256
