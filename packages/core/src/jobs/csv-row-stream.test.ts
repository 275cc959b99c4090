import { describe, expect, it } from 'vitest'
import { parseCsv } from '../util/csv.js'
import { CsvRowReader, csvRowBatches } from './csv-row-stream.js'

/** The rows CsvRowReader gives for `text` cut into the pieces that start at `cuts`. */
function rowsInPieces(text: string, cuts: number[]): string[][] {
  const reader = new CsvRowReader()
  const rows: string[][] = []
  let start = 0
  for (const cut of [...cuts, text.length]) {
    rows.push(...reader.push(text.slice(start, cut)))
    start = cut
  }
  return [...rows, ...reader.end()]
}

const TRICKY = [
  'b,plain,,succeeded,200,,Successful\n',
  'b,"a,comma",,failed,403,AccessDenied,"Access ""Denied"""\r\nb,"line\nbreak\r\nkey",v,failed,500,InternalError,x',
  'b,"quote""at end""",,failed,,,\n\n\r\nb,k,,succeeded,200,,\r',
  '"",""\n,\n"a"b"c",mid"quote\r\r\n',
  'no,final,break',
  '"unterminated,quote\nrow',
  '\ufeffb,bom,,succeeded,200,,ok\n',
  '',
]

describe('CsvRowReader', () => {
  it.each(TRICKY)('reads %j as parseCsv does, cut at any one place', (text) => {
    for (let cut = 0; cut <= text.length; cut++) expect(rowsInPieces(text, [cut])).toEqual(parseCsv(text))
  })

  it.each(TRICKY)('reads %j as parseCsv does, one character at a time', (text) => {
    expect(rowsInPieces(text, [...text].map((_, index) => index))).toEqual(parseCsv(text))
  })

  it('reads random CSV as parseCsv does, in random pieces', () => {
    let seed = 23
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % below
    }
    const alphabet = ['a', 'b', ',', '"', '""', '\n', '\r', '\r\n', 'é']
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: random(60) }, () => alphabet[random(alphabet.length)]).join('')
      const cuts = Array.from({ length: random(6) }, () => random(text.length + 1)).sort((a, b) => a - b)
      expect(rowsInPieces(text, cuts), JSON.stringify({ text, cuts })).toEqual(parseCsv(text))
    }
  })
})

describe('csvRowBatches', () => {
  it('keeps a UTF-8 character whole across chunks, and a BOM as text', async () => {
    const bytes = new TextEncoder().encode('\ufeffb,"clé ""€"", 😀",x\n')
    // One byte per chunk splits every multi-byte character.
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Uint8Array.of(byte)
    }
    const rows: string[][] = []
    for await (const batch of csvRowBatches(oneByteAtATime())) rows.push(...batch)
    expect(rows).toEqual([['\ufeffb', 'clé "€", 😀', 'x']])
  })
})
