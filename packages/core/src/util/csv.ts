/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let inQuotes = false
  let rowHasContent = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string
    if (inQuotes) {
      if (char !== '"') field += char
      else if (text[index + 1] === '"') {
        field += '"'
        index++
      } else inQuotes = false
      continue
    }
    if (char === '"') {
      inQuotes = true
      rowHasContent = true
    } else if (char === ',') {
      row.push(field)
      field = ''
      rowHasContent = true
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++
      if (rowHasContent || field !== '') rows.push([...row, field])
      row = []
      field = ''
      rowHasContent = false
    } else {
      field += char
      rowHasContent = true
    }
  }
  if (rowHasContent || field !== '') rows.push([...row, field])
  return rows
}
