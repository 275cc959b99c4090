import { describe, expect, it } from 'vitest'
import { formatCsvRow, parseCsv } from './csv.js'
import { decodeManifestKey, encodeManifestKey } from './jobs/task.js'

describe('parseCsv / formatCsvRow', () => {
  it.each<[string, string[][]]>([
    ['a,b\nc,d\n', [['a', 'b'], ['c', 'd']]],
    ['a,b\r\nc,d', [['a', 'b'], ['c', 'd']]],
    ['"x,y","say ""hi"""\n', [['x,y', 'say "hi"']]],
    ['"multi\nline",z\n', [['multi\nline', 'z']]],
    ['a,,\n', [['a', '', '']]],
    ['\n\n', []],
  ])('parses %j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows)
  })

  it('round-trips fields that need quoting', () => {
    const row = ['plain', 'with,comma', 'with "quote"', 'line\nbreak', '']
    expect(parseCsv(formatCsvRow(row))).toEqual([row])
  })
})

describe('manifest key decoding', () => {
  it.each([
    ['a%20b', 'a b'],
    ['a+b', 'a b'],
    ['a%2Bb', 'a+b'],
    ['%C3%BC', 'ü'],
    ['100%25', '100%'],
  ])('decodes %j as %j', (encoded, key) => {
    expect(decodeManifestKey(encoded)).toBe(key)
  })

  it('returns undefined for broken percent-encoding', () => {
    expect(decodeManifestKey('bad%zz')).toBeUndefined()
    expect(decodeManifestKey('%C3')).toBeUndefined()
  })

  it('inverts its own encoder', () => {
    const key = "a b+c/ü,%'()!*"
    expect(decodeManifestKey(encodeManifestKey(key))).toBe(key)
  })
})
