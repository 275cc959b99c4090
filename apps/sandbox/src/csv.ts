/** Minimal RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let fieldStarted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') {
        quoted = false
      } else {
        field += char
      }
      continue
    }
    if (char === '"' && field === '') {
      quoted = true
      fieldStarted = true
    } else if (char === ',') {
      row.push(field)
      field = ''
      fieldStarted = true
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      if (!(row.length === 1 && row[0] === '' && !fieldStarted)) rows.push(row)
      row = []
      field = ''
      fieldStarted = false
    } else {
      field += char
      fieldStarted = true
    }
  }
  if (field !== '' || fieldStarted || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

export function formatCsvRow(fields: readonly string[]): string {
  return fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',')
}
