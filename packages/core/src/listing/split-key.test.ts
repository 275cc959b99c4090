import { describe, expect, it } from 'vitest'
import { KeyAlphabet } from './key-alphabet.js'
import { compareKeys } from './key-range.js'
import { interpolateKeys, levelBoundaries, splitPoints } from './split-key.js'

const MAX = '\u{10ffff}'
const pad = (value: number, width: number) => String(value).padStart(width, '0')

/** Key shapes a listing meets, as sorted lists (generated in order, checked below). */
const SHAPES: Record<string, (index: number) => string> = {
  'dense decimal ids under a long prefix': (index) => `logs/ingest/2026/${pad(index, 10)}.json`,
  'timestamps': (index) => `events/${new Date(Date.UTC(2026, 0, 1) + index * 1000 + ((index * 7919) % 1000)).toISOString()}.json`,
  'date partitions': (index) => `logs/${new Date(Date.UTC(2020, 0, 1) + Math.floor(index / 100) * 3_600_000).toISOString().slice(0, 13).replace(/[-T]/g, '/')}/part-${pad(index % 100, 5)}.gz`,
  'uuids': (index) => {
    const head = Math.floor((index * 2 ** 48) / 400_000).toString(16).padStart(12, '0')
    return `${head.slice(0, 8)}-${head.slice(8)}-4abc-a123-${pad(index, 12)}`
  },
  'awkward characters after a decimal head': (index) => `${pad(index, 9)} ${['with space.txt', 'plus+sign', 'ünïcödé', '😀'][index % 4] as string}`,
}

/** The first index whose key is > key. */
function after(keys: string[], key: string): number {
  let low = 0
  let high = keys.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compareKeys(keys[middle] as string, key) <= 0) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * Lists sorted `keys` as the range pool does, in rounds of one page per running range (a round is
 * one request's latency): ranges start while fewer than `slots` run, and after each page a range
 * with idle slots beside it splits into idle + 1 parts (splitPoints). Returns the rounds it took,
 * and the ranges running per round on average: the concurrency a key shape lets the listing reach.
 */
function simulate(keys: string[], slots: number, pageSize = 1000): { rounds: number; concurrency: number; requests: number } {
  const alphabet = new KeyAlphabet()
  const pending: Array<{ startAfter?: string; end?: string }> = [{}]
  const running: Array<{ range: { startAfter?: string; end?: string }; cursor: number }> = []
  let rounds = 0
  let busy = 0
  let requests = 0
  while (pending.length > 0 || running.length > 0) {
    while (pending.length > 0 && running.length < slots) {
      const range = pending.shift() as (typeof pending)[number]
      running.push({ range, cursor: range.startAfter === undefined ? 0 : after(keys, range.startAfter) })
    }
    rounds++
    busy += running.length
    for (const task of [...running]) {
      requests++
      const end = task.range.end === undefined ? keys.length : after(keys, task.range.end)
      const to = Math.min(end, task.cursor + pageSize)
      const [first, last] = [keys[task.cursor], keys[to - 1]]
      task.cursor = to
      if (to >= end || first === undefined || last === undefined) {
        running.splice(running.indexOf(task), 1)
        continue
      }
      alphabet.observe(first)
      alphabet.observe(last)
      const idle = slots - running.length
      if (pending.length > 0 || idle < 1) continue
      const points = splitPoints(first, last, task.range.end, Math.min(idle, 16) + 1, alphabet)
      for (const [index, point] of points.entries()) {
        const next = points[index + 1] ?? task.range.end
        pending.push({ startAfter: point, ...(next === undefined ? {} : { end: next }) })
      }
      if (points.length > 0) task.range.end = points[0] as string
    }
  }
  return { rounds, concurrency: busy / rounds, requests }
}

describe('splitting balances every key shape', () => {
  // 400 pages with 16 ranges at once take 25 rounds at best; this takes 33 to 42. Code point
  // midpoints took 151 to 176 rounds for every shape here but UUIDs (76): they cut where no key is.
  it.each(Object.entries(SHAPES))('%s', (_, keyAt) => {
    const keys = Array.from({ length: 400_000 }, (_, index) => keyAt(index))
    for (let index = 1; index < keys.length; index += 997) expect(compareKeys(keys[index - 1] as string, keys[index] as string)).toBeLessThan(0)
    const { rounds, concurrency, requests } = simulate(keys, 16)
    expect(rounds).toBeLessThanOrEqual(44)
    expect(concurrency).toBeGreaterThan(11.5)
    // Cutting costs requests (a part's last page is partial, an empty part costs one). Hours and
    // months use part of their digits' range, so some parts of dates and times come out empty:
    // 469 requests for date partitions, 511 while their digits were all read as 0–9.
    expect(requests).toBeLessThan(400 * 1.2)
  })
})

describe('levelBoundaries', () => {
  it('cuts at the ends of blocks sharing ever shorter prefixes of the last key, down to the prefix', () => {
    expect(levelBoundaries('logs/0000000000.json', 'logs/0000000999.json', 20, 5)).toEqual(
      ['logs/0000000', 'logs/000000', 'logs/00000', 'logs/0000', 'logs/000', 'logs/00', 'logs/0', 'logs/'].map((prefix) => prefix + MAX),
    )
    expect(levelBoundaries('a0', 'a9', 20)).toEqual([`a${MAX}`, MAX])
    expect(levelBoundaries('logs/0000000000.json', 'logs/0000000999.json', 2)).toEqual([`logs/0000000${MAX}`, `logs/000000${MAX}`])
  })
})

describe('interpolateKeys', () => {
  it('cuts decimal ids between digits, not code points', () => {
    const alphabet = new KeyAlphabet()
    alphabet.observe('logs/0000000000.json')
    expect(interpolateKeys('logs/0000100999.json', `logs/000${MAX}`, 3, alphabet)).toEqual(['logs/0002575749.json', 'logs/0005050499.json', 'logs/0007525249.json'])
  })

  it('cuts fewer parts when the last page says the rest holds few pages', () => {
    const alphabet = new KeyAlphabet()
    alphabet.observe('logs/0000000000.json')
    // The page held ids 10,000 to 10,999; up to 20,000 is about 9 pages: 2 parts of 4 pages at most,
    // and up to 30,000 about 19 pages: 4 parts.
    expect(interpolateKeys('logs/0000010999.json', 'logs/0000020000.json', 15, alphabet, 'logs/0000010000.json')).toEqual(['logs/0000015499.json'])
    expect(interpolateKeys('logs/0000010999.json', 'logs/0000030000.json', 15, alphabet, 'logs/0000010000.json')).toHaveLength(3)
    expect(interpolateKeys('logs/0000010999.json', 'logs/0000012000.json', 15, alphabet, 'logs/0000010000.json')).toEqual([])
    expect(interpolateKeys('logs/0000010999.json', 'logs/0001000000.json', 15, alphabet, 'logs/0000010000.json')).toHaveLength(15)
  })

  it('reads hex ids as hex once a–f has been seen at digit positions', () => {
    const alphabet = new KeyAlphabet()
    for (const key of ['00000000-0000', '00418937-4bc6', '10000000-0000', '1041893f-4bc6']) alphabet.observe(key)
    expect((interpolateKeys('1041893f-4bc6', MAX, 5, alphabet) ?? []).map((key) => key.slice(0, 2))).toEqual(['38', '60', '88', 'b0', 'd8'])
  })

  it('returns keys strictly between, increasing, in valid UTF-8, for random pairs', () => {
    const chars = ['a', 'b', 'z', '0', '9', '/', ' ', '~', 'ü', '日', '\uffff', '\ue000', '😀', '\u{10fffe}', MAX]
    let state = 7
    const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    const key = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => chars[Math.floor(next() * chars.length)]).join('')
    const alphabet = new KeyAlphabet()
    let found = 0
    for (let trial = 0; trial < 3000; trial++) {
      let [low, high] = [key(), key()]
      alphabet.observe(low)
      if (compareKeys(low, high) === 0) continue
      if (compareKeys(low, high) > 0) [low, high] = [high, low]
      const points = interpolateKeys(low, high, 1 + Math.floor(next() * 4), alphabet) ?? []
      found += points.length
      let previous = low
      for (const point of points) {
        expect(compareKeys(previous, point), `${JSON.stringify(previous)} < ${JSON.stringify(point)}`).toBeLessThan(0)
        expect(Buffer.from(point, 'utf8').toString('utf8')).toBe(point)
        previous = point
      }
      expect(compareKeys(previous, high)).toBeLessThan(0)
    }
    expect(found).toBeGreaterThan(3000)
  })
})

describe('KeyAlphabet', () => {
  it('reads a digit position as the span seen there once it has been seen often, and as 0–9 before', () => {
    const alphabet = new KeyAlphabet()
    const text = (position: number, also: number[] = []) => String.fromCodePoint(...alphabet.at(position, also))
    // Month, day and hour of date partitions: logs/2020/MM/DD/HH.
    const key = (index: number) => `${String(1 + (index % 12)).padStart(2, '0')}/${String(1 + (index % 31)).padStart(2, '0')}/${String(index % 24).padStart(2, '0')}`
    for (let index = 0; index < 255; index++) alphabet.observe(key(index))
    expect(text(0)).toBe('0123456789')
    alphabet.observe(key(255))
    expect([text(0), text(3), text(6)]).toEqual(['01', '0123', '012'])
    // The ends being split always count: a span too narrow still reaches them.
    expect(text(0, [0x35])).toBe('012345')
    // Digits after the tens of the month: seen 0–9 there.
    expect(text(1)).toBe('0123456789')
  })

  it('reads a position that showed one digit only as 0–9, however often (leading zeros of ids)', () => {
    const alphabet = new KeyAlphabet()
    for (let index = 0; index < 1000; index++) alphabet.observe(`logs/00${String(index).padStart(4, '0')}`)
    expect(String.fromCodePoint(...alphabet.at(5, []))).toBe('0123456789')
    expect(String.fromCodePoint(...alphabet.at(7, []))).toBe('0123456789')
  })

  it('widens digits to 0–9 and letter spans, and keeps separators seen alone', () => {
    const alphabet = new KeyAlphabet()
    alphabet.observe('a0T')
    alphabet.observe('c0T')
    const text = (position: number) => String.fromCodePoint(...alphabet.at(position, []))
    expect(text(0)).toBe('abc')
    expect(text(1)).toBe('0123456789')
    expect(text(2)).toBe('T')
    expect(String.fromCodePoint(...alphabet.at(2, [0x5a]))).toBe('TUVWXYZ')
    expect(alphabet.at(9, [])).toEqual([])
  })
})
