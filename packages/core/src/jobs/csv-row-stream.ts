const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d

/**
 * RFC 4180 CSV read piece by piece: the rows util/csv.ts's parseCsv gives for the whole text, for
 * text that arrives in chunks (a completion report's result file can be gigabytes; UG
 * batch-ops-job-status). Quoted fields may hold commas, doubled quotes and line breaks, and a chunk
 * may end anywhere, even between the two quotes of `""` or the CR and LF of a line break; state
 * that spans chunks is one row and its current field.
 */
export class CsvRowReader {
  private row: string[] = []
  private field = ''
  private inQuotes = false
  private rowHasContent = false
  /** The last chunk ended on a quote inside a quoted field: the next character tells `""` from the closing quote. */
  private quoteAtEnd = false

  /** The rows that `text` completes. */
  push(text: string): string[][] {
    const rows: string[][] = []
    if (text.length === 0) return rows
    let index = 0
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false
      if (text.charCodeAt(0) === QUOTE) {
        this.field += '"'
        index = 1
      } else this.inQuotes = false
    }
    while (index < text.length) {
      if (this.inQuotes) {
        const quote = text.indexOf('"', index)
        if (quote < 0) {
          this.field += text.slice(index)
          break
        }
        this.field += text.slice(index, quote)
        if (quote + 1 === text.length) {
          this.quoteAtEnd = true
          break
        }
        if (text.charCodeAt(quote + 1) === QUOTE) {
          this.field += '"'
          index = quote + 2
        } else {
          this.inQuotes = false
          index = quote + 1
        }
        continue
      }
      // Outside quotes, copy the run of plain characters up to the next quote, comma or line break at once.
      let end = index
      let char = 0
      while (end < text.length) {
        char = text.charCodeAt(end)
        if (char === QUOTE || char === COMMA || char === LF || char === CR) break
        end++
      }
      if (end > index) {
        this.field += text.slice(index, end)
        this.rowHasContent = true
      }
      if (end === text.length) break
      index = end + 1
      if (char === QUOTE) {
        this.inQuotes = true
        this.rowHasContent = true
      } else if (char === COMMA) {
        this.row.push(this.field)
        this.field = ''
        this.rowHasContent = true
      } else {
        // CR and LF each end a row: the LF of a CRLF, even in the next chunk, ends an empty row, which is none.
        const row = this.takeRow()
        if (row !== undefined) rows.push(row)
      }
    }
    return rows
  }

  /** The last row, when the text does not end with a line break. */
  end(): string[][] {
    this.inQuotes = false
    this.quoteAtEnd = false
    const row = this.takeRow()
    return row === undefined ? [] : [row]
  }

  /** The row so far, and a fresh one begun; blank lines are no rows (as in parseCsv). */
  private takeRow(): string[] | undefined {
    const row = this.rowHasContent || this.field !== '' ? [...this.row, this.field] : undefined
    this.row = []
    this.field = ''
    this.rowHasContent = false
    return row
  }
}

/**
 * The CSV rows of a byte stream, UTF-8, read as it arrives: the rows each chunk completes, together
 * (a batch costs one await, where a row each would cost one per row). Memory holds one chunk and
 * its rows.
 */
export async function* csvRowBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string[][]> {
  // ignoreBOM keeps a BOM as text, as Buffer#toString (the SDK's transformToString) did; `stream`
  // keeps a character split between two chunks whole.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const reader = new CsvRowReader()
  for await (const chunk of chunks) {
    const rows = reader.push(decoder.decode(chunk, { stream: true }))
    if (rows.length > 0) yield rows
  }
  const rows = [...reader.push(decoder.decode()), ...reader.end()]
  if (rows.length > 0) yield rows
}
