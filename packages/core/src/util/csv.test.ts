import { describe, expect, it } from 'vitest'
import { parseCsv, readCsv } from './csv.js'

describe('readCsv', () => {
  it('reads RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF, a lone CR', () => {
    expect(readCsv('a,"b,c","say ""hi"""\r\n"two\r\nlines",x\rlast,')).toEqual([
      { line: 1, fields: ['a', 'b,c', 'say "hi"'], text: 'a,"b,c","say ""hi"""', unclosedQuote: false },
      { line: 2, fields: ['two\r\nlines', 'x'], text: '"two\r\nlines",x', unclosedQuote: false },
      { line: 4, fields: ['last', ''], text: 'last,', unclosedQuote: false },
    ])
  })

  it('skips empty lines, comment lines and (trim) lines of spaces, keeping line numbers; a quoted # is no comment', () => {
    const records = readCsv('\n  # note, "unclosed\n"#tag",b\n\t\nc  # not at the start\n', { comment: '#', trim: true })
    expect(records.map(({ line, fields }) => [line, fields])).toEqual([
      [3, ['#tag', 'b']],
      [5, ['c  # not at the start']],
    ])
  })

  it('trims outside quotes only', () => {
    expect(readCsv(' a , " b " ,\t"c" \t, d e ', { trim: true })[0]?.fields).toEqual(['a', ' b ', 'c', 'd e'])
    expect(readCsv(' a , b ')[0]?.fields).toEqual([' a ', ' b '])
  })

  it('flags a quote never closed', () => {
    expect(readCsv('a,b\n"c,d\ne')).toEqual([
      { line: 1, fields: ['a', 'b'], text: 'a,b', unclosedQuote: false },
      { line: 2, fields: ['c,d\ne'], text: '"c,d\ne', unclosedQuote: true },
    ])
  })

  it('parseCsv gives the fields alone, blank lines skipped', () => {
    expect(parseCsv('a,b\n\n"",c\n')).toEqual([
      ['a', 'b'],
      ['', 'c'],
    ])
  })
})
