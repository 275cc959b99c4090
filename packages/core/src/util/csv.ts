/** One CSV record, with where it was written, for error messages that name a line. */
export interface CsvRecord {
  /** The 1-based line the record starts on (a quoted field may go on over several lines). */
  line: number
  fields: string[]
  /** The record as written, line break excluded. */
  text: string
  /** The record ended inside a quoted field: its closing quote is missing (only the last one can). */
  unclosedQuote: boolean
}

export interface ReadCsvOptions {
  /** Drop spaces and tabs around a field, outside its quotes; quoted text is kept as written. Default: false. */
  trim?: boolean
  /** A line whose first character other than a space or tab is this one is a comment, skipped. Default: none. */
  comment?: string
}

/**
 * RFC 4180 CSV (https://www.rfc-editor.org/rfc/rfc4180#section-2): fields split on commas, records
 * on CRLF or LF (or a lone CR); a field in double quotes may hold commas, line breaks and doubled
 * quotes (`""` is one `"`). Lenient as spreadsheets are: text after a closing quote is kept.
 * Empty lines are skipped (with trim, lines of spaces too), and so are comment lines
 * (options.comment), which RFC 4180 lacks but hand-written files want; a comment is only recognized where a record starts, so a quoted field
 * may hold the character.
 */
export function readCsv(text: string, options: ReadCsvOptions = {}): CsvRecord[] {
  const records: CsvRecord[] = []
  const trim = options.trim ?? false
  let fields: string[] = []
  let field = ''
  /** field's length at the end of its last quoted part: trimming stops there. */
  let keep = 0
  let inQuotes = false
  let hasContent = false
  let line = 1
  let start = 0
  let startLine = 1
  const endField = () => {
    fields.push(trim ? field.slice(0, keep) + field.slice(keep).trimEnd() : field)
    field = ''
    keep = 0
  }
  const endRecord = (end: number, unclosedQuote: boolean) => {
    if (hasContent || field !== '') {
      endField()
      records.push({ line: startLine, fields, text: text.slice(start, end), unclosedQuote })
    }
    fields = []
    field = ''
    keep = 0
    hasContent = false
  }
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string
    if (inQuotes) {
      if (char !== '"') {
        field += char
        if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) line++
      } else if (text[index + 1] === '"') {
        field += '"'
        index++
      } else {
        inQuotes = false
        keep = field.length
      }
      continue
    }
    if (char === '\n' || char === '\r') {
      const end = index
      if (char === '\r' && text[index + 1] === '\n') index++
      endRecord(end, false)
      line++
      start = index + 1
      startLine = line
      continue
    }
    const blank = char === ' ' || char === '\t'
    if (char === options.comment && !hasContent && field.trim() === '') {
      // A comment runs to the end of its line, and leaves nothing for endRecord to keep.
      while (index + 1 < text.length && text[index + 1] !== '\n' && text[index + 1] !== '\r') index++
      field = ''
    } else if (char === '"') {
      inQuotes = true
      hasContent = true
    } else if (char === ',') {
      endField()
      hasContent = true
    } else if (!(trim && blank && field === '')) {
      // With trim, spaces before a field (or before its opening quote) are not part of it.
      field += char
      hasContent ||= !blank
    }
  }
  endRecord(text.length, inQuotes)
  return records
}

/** RFC 4180 CSV rows, blank lines skipped: readCsv's fields alone. */
export function parseCsv(text: string): string[][] {
  return readCsv(text).map((record) => record.fields)
}
