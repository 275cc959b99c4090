import type { Difference } from '@s3-seed/core'
import { describe, expect, it } from 'vitest'
import { csvCell, csvLine } from './verify-lines.js'

describe('csvCell', () => {
  it.each<[string, boolean, string]>([
    ['plain', false, 'plain'],
    ['plain', true, '"plain"'],
    ['a,b', false, '"a,b"'],
    ['say "hi"', false, '"say ""hi"""'],
    ['two\nlines', false, '"two\nlines"'],
    ['=1+1', false, "'=1+1"],
    ['+1', false, "'+1"],
    ['-1', false, "'-1"],
    ['@SUM(A1:A2)', false, "'@SUM(A1:A2)"],
    ['\t=1', false, "'\t=1"],
    ['\r=1', false, `"'\r=1"`],
    ['=HYPERLINK("http://x","y")', true, `"'=HYPERLINK(""http://x"",""y"")"`],
    ['=a,b', false, `"'=a,b"`],
    ["'already", false, "''already"],
    ['a=b', false, 'a=b'],
    [' =x', false, ' =x'],
    ['', false, ''],
  ])('%j (always quoted: %s) → %s', (text, alwaysQuote, cell) => {
    expect(csvCell(text, alwaysQuote)).toBe(cell)
  })
})

describe('csvLine', () => {
  it('guards and quotes every text cell, keys and details always quoted', () => {
    const difference = {
      kind: 'content-differs',
      key: '-rf',
      source: { key: '-rf', size: 3, etag: 'abc' },
      destination: { key: '-rf', size: 3, etag: 'def' },
      content: { sourceChecksum: 'CRC32:+AAAAA==', destinationChecksum: 'CRC32:AAAAAA==', detail: 'CRC32 checksums differ' },
    } as unknown as Difference
    expect(csvLine(difference, true)).toBe(`content-differs,"'-rf",3,3,abc,def,CRC32:+AAAAA==,CRC32:AAAAAA==,"CRC32 checksums differ"\n`)
    expect(csvLine({ kind: 'extra', key: 'k', destination: { key: 'k', size: 1, etag: '=x' } } as unknown as Difference, false)).toBe(`extra,"k",,1,,'=x\n`)
  })
})
