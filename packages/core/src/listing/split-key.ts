import type { KeyAlphabet } from './key-alphabet.js'
import { compareKeys, midpointKey } from './key-range.js'

const MAX_CODE_POINT = 0x10ffff
/** Split keys carry this much precision past the first position where the range's ends differ. */
const PRECISION = 1e9
const MAX_WINDOW = 12

/**
 * Where to cut the rest of a range, (last, end], into `parts` parts of about equal numbers of keys:
 * up to parts − 1 keys, increasing, strictly between `last` and `end`. A poor cut costs a request
 * (an empty part), never a key: the parts always partition the range.
 *
 * - With an end, the keys are read as numbers from the first position where `last` and `end` differ,
 *   each position in the alphabet the listing has seen there (interpolateKeys): decimal ids, dates
 *   and timestamps are cut between the digits they use, not between code points, most of which no
 *   key uses.
 * - Without one (the top range), nothing says how far the keys go, so the cuts are the ends of the
 *   blocks of keys sharing ever shorter prefixes of `last` (levelBoundaries): for
 *   `logs/0000000999.json` the rest of the thousands, of the ten thousands, and so on, then the rest
 *   of `logs/`. The blocks grow tenfold (for digits) each, so the keys fall in a few of them, whose
 *   ends are then known; most of the others are empty and cost a request each.
 */
export function splitPoints(first: string, last: string, end: string | undefined, parts: number, alphabet: KeyAlphabet, prefix = ''): string[] {
  if (parts < 2) return []
  if (end === undefined) return levelBoundaries(first, last, parts - 1, [...prefix].length)
  const points = interpolateKeys(last, end, parts - 1, alphabet, first)
  if (points !== undefined) return points
  const middle = midpointKey(last, end)
  return middle !== undefined && compareKeys(last, middle) < 0 && compareKeys(middle, end) < 0 ? [middle] : []
}

/**
 * A part should hold this many pages at least. A part costs a request or two beyond its pages (its
 * last page is partial, or it is empty), and a listing is CPU-bound well before S3 is (about 1.3 ms
 * of signing, HTTP and parsing a request): with 4 rather than 2, a simulated listing of six key
 * shapes made 8% fewer requests in as many rounds.
 */
const MIN_PAGES_PER_PART = 4

/**
 * Up to `count` ends of the blocks above `last`: `last`'s first p code points followed by U+10FFFF,
 * for p from the position where `first` and `last` (a page's ends) differ down to `minLength`
 * (the listing's prefix). Increasing.
 */
export function levelBoundaries(first: string, last: string, count: number, minLength = 0): string[] {
  const lastPoints = codePoints(last)
  const firstPoints = codePoints(first)
  let differ = 0
  while (differ < lastPoints.length - 1 && firstPoints[differ] === lastPoints[differ]) differ++
  const boundaries: string[] = []
  for (let length = differ; length >= minLength && boundaries.length < count; length--) {
    if (lastPoints[length] === MAX_CODE_POINT) continue
    boundaries.push(String.fromCodePoint(...lastPoints.slice(0, length), MAX_CODE_POINT))
  }
  return boundaries
}

/**
 * Up to `count` keys cutting (low, high) into equal parts, reading keys as fractions from the first
 * position where they differ: each position is a digit in the radix of the characters the listing
 * has seen there. Increasing, each strictly between low and high. Given the first key of the page
 * that ended at `low`, fewer parts when the page's span says that (low, high) holds fewer than two
 * pages a part; undefined when the ends have no room between them.
 */
export function interpolateKeys(low: string, high: string, count: number, alphabet: KeyAlphabet, pageFirst?: string): string[] | undefined {
  const lo = codePoints(low)
  const hi = codePoints(high)
  const differ = firstDifference(lo, hi)
  if (differ === hi.length) return undefined // high is a prefix of low, or equal: nothing lies between
  const window = digitWindow(lo, hi, differ, alphabet)
  const from = fraction(lo, differ, window)
  const to = fraction(hi, differ, window)
  const head = lo.slice(0, differ)
  if (pageFirst !== undefined) {
    // The page covered [pageFirst, low]; at that density, (low, high) holds about this many pages.
    const first = codePoints(pageFirst)
    const sameHead = head.every((char, index) => first[index] === char)
    const pages = (to - from) / Math.max(from - (sameHead ? fraction(first, differ, window) : 0), Number.MIN_VALUE)
    count = Math.min(count, Math.floor(pages / MIN_PAGES_PER_PART) - 1)
  }
  const points: string[] = []
  for (let part = 1; part <= count; part++) {
    const point = String.fromCodePoint(...head, ...digitsOf(from + ((to - from) * part) / (count + 1), window))
    const previous = points[points.length - 1] ?? low
    if (compareKeys(previous, point) < 0 && compareKeys(point, high) < 0) points.push(point)
  }
  return points
}

/**
 * About how many keys (last, end] holds, at the density of the page that listed `count` keys from
 * `first` to `last`, reading keys as numbers as interpolateKeys does; undefined when the keys give no
 * measure (no room between last and end, or a page with no span).
 */
export function keysUpTo(end: string, first: string, last: string, count: number, alphabet: KeyAlphabet): number | undefined {
  const lo = codePoints(first)
  const mid = codePoints(last)
  const hi = codePoints(end)
  // All three read in one window, from where first and end (the outermost) differ.
  const differ = firstDifference(lo, hi)
  if (differ === hi.length) return undefined
  const window = digitWindow(lo, hi, differ, alphabet)
  const [from, at, to] = [fraction(lo, differ, window), fraction(mid, differ, window), fraction(hi, differ, window)]
  if (!(at > from) || !(to > at)) return undefined
  return (count * (to - at)) / (at - from)
}

function firstDifference(lo: number[], hi: number[]): number {
  let differ = 0
  while (differ < lo.length && differ < hi.length && lo[differ] === hi[differ]) differ++
  return differ
}

/** The characters the listing has seen at each position from `differ`: the digits keys are read in. */
function digitWindow(lo: number[], hi: number[], differ: number, alphabet: KeyAlphabet): number[][] {
  const window: number[][] = []
  let precision = 1
  for (let position = differ; precision < PRECISION && window.length < MAX_WINDOW; position++) {
    const chars = alphabet.at(position, [lo[position], hi[position]].filter((char) => char !== undefined))
    if (chars.length === 0) break // past both ends and every key seen
    window.push(chars)
    precision *= chars.length
  }
  return window
}

/** A key's characters from `start` as a fraction in [0, 1): a missing character counts as the lowest. */
function fraction(points: number[], start: number, window: number[][]): number {
  let value = 0
  let scale = 1
  for (let index = 0; index < window.length; index++) {
    const chars = window[index] as number[]
    const char = points[start + index]
    scale /= chars.length
    if (char === undefined) break
    value += chars.indexOf(char) * scale
  }
  return value
}

function digitsOf(value: number, window: number[][]): number[] {
  const digits: number[] = []
  let rest = value
  for (const chars of window) {
    const scaled = rest * chars.length
    const index = Math.min(chars.length - 1, Math.max(0, Math.floor(scaled)))
    digits.push(chars[index] as number)
    rest = scaled - index
  }
  return digits
}

function codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0) as number)
}
