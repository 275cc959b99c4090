import { parse as parseYaml, YAMLParseError } from 'yaml'
import { bucketNameProblem } from '../buckets/bucket-name.js'
import { InvalidInputError } from '../errors.js'
import { checkValue, parseText, type ValueSource } from '../options/parse.js'
import { isOn, kebab, PAIR_OPTION_KEYS, type PairOptionKey, type PairSettings, type SeedOptions } from '../options/schema.js'
import { readCsv } from '../util/csv.js'

export interface ParsePairsOptions {
  /** `lines`: one pair per line, `source,destination[,prefix]` or `source destination [prefix]`. */
  format: 'lines' | 'json' | 'yaml'
  /** Where the text came from, for error messages (a file name, or an input name). */
  name: string
  /** Settings for every pair; entries may override them. */
  defaults?: PairSettings
  /** The flag or input to name in errors. Default: `--pairs`. */
  input?: string
}

/** The keys a pairs-file entry may set: the pair options offered on that surface. */
export const PAIRS_FILE_KEYS = PAIR_OPTION_KEYS.filter((key) => isOn(key, 'pairs-file'))

/**
 * Parses a list of bucket pairs. Lines (CSV, RFC 4180: quoted fields as spreadsheets write them):
 * `#` comments and blank lines are skipped; a line with a comma splits on commas, otherwise on
 * whitespace; columns are source, destination and prefix, or what a first-line header names
 * (`source,destination,prefix,storage-class,...`: any pairs-file key, camelCase or kebab-case).
 * JSON or YAML: a list (or `{pairs: [...]}`) of objects with `source`, `destination` and any
 * pairs-file key. A leading UTF-8 byte order mark is ignored. Every value is checked against the
 * option schema, and an error names the file and the line or entry. Pure: the caller reads the file.
 */
export function parsePairs(text: string, options: ParsePairsOptions): SeedOptions[] {
  const input = options.input ?? '--pairs'
  // Notepad and Excel ("CSV UTF-8") start a UTF-8 file with a byte order mark. RFC 8259 section 8.1
  // lets a JSON parser ignore it, but JSON.parse refuses it, and in a CSV it would stick to the
  // first bucket name or the header; one is dropped, as TextDecoder does by default (WHATWG Encoding).
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  const pairs = options.format === 'lines' ? linePairs(body, options.name, input) : structuredPairs(body, options, input)
  if (pairs.length === 0) throw new InvalidInputError(`${input} (${options.name}) lists no bucket pairs.`, input)
  return pairs.map((pair) => ({ ...options.defaults, ...pair }))
}

/** The format a pairs file's name implies: .json, .yaml/.yml, anything else is lines (CSV). */
export function pairsFormatFor(fileName: string): ParsePairsOptions['format'] {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.json')) return 'json'
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml'
  return 'lines'
}

function columnKey(name: string): 'source' | 'destination' | PairOptionKey | undefined {
  if (/^source$/i.test(name)) return 'source'
  if (/^destination$/i.test(name)) return 'destination'
  return PAIRS_FILE_KEYS.find((key) => key === name || kebab(key) === name.toLowerCase())
}

function linePairs(text: string, name: string, input: string): SeedOptions[] {
  const pairs: SeedOptions[] = []
  let columns: Array<'source' | 'destination' | PairOptionKey> | undefined
  let seenContent = false
  // RFC 4180, as Excel and other spreadsheets save a CSV: quoted fields, doubled quotes, CRLF.
  for (const record of readCsv(text, { trim: true, comment: '#' })) {
    const where = `${name} line ${record.line}`
    const written = record.text.trim()
    if (record.unclosedQuote) throw new InvalidInputError(`${where}: a quoted field is never closed; got "${written.split(/\r?\n|\r/)[0]}". Close it with a ", and write a quote inside a quoted field as "".`, input)
    // Without a comma, the hand-written form: `source destination [prefix]`, split on whitespace.
    const fields = record.fields.length === 1 && !written.includes('"') ? written.split(/\s+/) : record.fields
    const isHeader = !seenContent && /^source$/i.test(fields[0] ?? '') && /^destination$/i.test(fields[1] ?? '')
    seenContent = true
    if (isHeader) {
      columns = fields.map((field) => {
        const key = columnKey(field)
        if (key === undefined) throw new InvalidInputError(`${where}: unknown column "${field}"; allowed: source, destination, ${PAIRS_FILE_KEYS.map(kebab).join(', ')}.`, input)
        return key
      })
      continue
    }
    // A bare `source,destination` header keeps the classic optional prefix column.
    const names = columns !== undefined && columns.length > 2 ? columns : ['source', 'destination', 'prefix']
    if (fields.length < 2 || fields.length > names.length) {
      const shape = `source,destination[,${names.slice(2).join(',')}]`
      throw new InvalidInputError(`${where}: expected "${shape}", got "${written}".`, input)
    }
    const entry: Record<string, string> = {}
    fields.forEach((field, column) => {
      if (field !== '') entry[names[column] as string] = field
    })
    pairs.push(entryOptions(entry, where, input, true))
  }
  return pairs
}

function structuredPairs(text: string, options: ParsePairsOptions, input: string): SeedOptions[] {
  const { name, format } = options
  let data: unknown
  try {
    data = format === 'json' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    const line = error instanceof YAMLParseError ? ` line ${error.linePos?.[0]?.line}` : ''
    throw new InvalidInputError(`${name}${line}: not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`, input)
  }
  const list = Array.isArray(data) ? data : (data as { pairs?: unknown } | null)?.pairs
  if (!Array.isArray(list)) throw new InvalidInputError(`${name}: expected a list of {source, destination} entries (or {pairs: [...]}).`, input)
  return list.map((entry: unknown, index) => {
    const where = `${name} entry ${index + 1}`
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new InvalidInputError(`${where}: expected an object with source and destination.`, input)
    return entryOptions(entry as Record<string, unknown>, where, input, false)
  })
}

/** One entry's options: known keys only, every value checked (text cells parsed, structured values typed). */
function entryOptions(record: Record<string, unknown>, where: string, input: string, fromText: boolean): SeedOptions {
  const unknown = Object.keys(record).filter((key) => key !== 'source' && key !== 'destination' && !(PAIRS_FILE_KEYS as string[]).includes(key))
  if (unknown.length > 0) {
    throw new InvalidInputError(`${where}: unknown setting ${unknown.join(', ')}; allowed: source, destination, ${PAIRS_FILE_KEYS.join(', ')}.`, input)
  }
  const source: ValueSource = { surface: 'pairs-file', where, flag: input }
  if (typeof record.source !== 'string' || typeof record.destination !== 'string') {
    throw new InvalidInputError(`${where}: source and destination must both be bucket names.`, input)
  }
  for (const bucket of [record.source, record.destination]) {
    const problem = bucketNameProblem(bucket)
    if (problem) throw new InvalidInputError(`${where}: "${bucket}" is not a valid S3 bucket name: it ${problem}.`, input)
  }
  // Where the entry is, so a plan, and a refusal of duplicates, can name it.
  const options: Record<string, unknown> = { source: record.source, destination: record.destination, origin: where }
  for (const key of PAIRS_FILE_KEYS) {
    const value = record[key]
    if (value === undefined) continue
    options[key] = fromText && typeof value === 'string' ? parseText(key, value, source) : checkValue(key, value, source)
  }
  return options as SeedOptions
}
