import { parse as parseYaml, YAMLParseError } from 'yaml'
import { bucketNameProblem } from './bucket-name.js'
import { InvalidInputError } from './errors.js'
import type { SeedOptions } from './plan.js'

export type PairSettings = Omit<SeedOptions, 'source' | 'destination'>

export interface ParsePairsOptions {
  /** `lines`: one pair per line, `source,destination[,prefix]` or `source destination [prefix]`. */
  format: 'lines' | 'json' | 'yaml'
  /** Where the text came from, for error messages (a file name, or an input name). */
  name: string
  /** Settings for every pair; JSON/YAML entries may override them. */
  defaults?: PairSettings
  /** The flag or input to name in errors. Default: `--pairs`. */
  input?: string
}

const PER_PAIR_KEYS = ['prefix', 'roleArn', 'roleName', 'manifestBucket', 'manifestPrefix', 'report', 'reportBucket', 'reportPrefix', 'reportScope', 'priority', 'requireReplication'] as const

/**
 * Parses a list of bucket pairs. Lines: `#` comments, blank lines and a `source,destination` header
 * are skipped; a line with a comma splits on commas, otherwise on whitespace. JSON or YAML: a list
 * (or `{pairs: [...]}`) of objects with `source`, `destination` and any per-pair setting. Errors name
 * the line (lines, YAML syntax) or the entry. Pure: the caller reads the file.
 */
export function parsePairs(text: string, options: ParsePairsOptions): SeedOptions[] {
  const input = options.input ?? '--pairs'
  const defaults = options.defaults ?? {}
  const pairs = options.format === 'lines' ? linePairs(text, options.name, defaults, input) : structuredPairs(text, options, defaults, input)
  if (pairs.length === 0) throw new InvalidInputError(`${input} (${options.name}) lists no bucket pairs.`, input)
  return pairs
}

/** The format a pairs file's name implies: .json, .yaml/.yml, anything else is lines (CSV). */
export function pairsFormatFor(fileName: string): ParsePairsOptions['format'] {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.json')) return 'json'
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml'
  return 'lines'
}

function linePairs(text: string, name: string, defaults: PairSettings, input: string): SeedOptions[] {
  const pairs: SeedOptions[] = []
  let seenContent = false
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    const where = `${name} line ${index + 1}`
    if (line === '' || line.startsWith('#')) return
    const fields = (line.includes(',') ? line.split(',') : line.split(/\s+/)).map((field) => field.trim())
    const isHeader = !seenContent && /^source$/i.test(fields[0] ?? '') && /^destination$/i.test(fields[1] ?? '')
    seenContent = true
    if (isHeader) return
    if (fields.length < 2 || fields.length > 3) {
      throw new InvalidInputError(`${where}: expected "source,destination[,prefix]", got "${line}".`, input)
    }
    const [source, destination, prefix] = fields as [string, string, string | undefined]
    checkBucket(source, where, input)
    checkBucket(destination, where, input)
    pairs.push({ ...defaults, source, destination, ...(prefix ? { prefix } : {}) })
  })
  return pairs
}

function structuredPairs(text: string, options: ParsePairsOptions, defaults: PairSettings, input: string): SeedOptions[] {
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
    if (typeof entry !== 'object' || entry === null) throw new InvalidInputError(`${where}: expected an object with source and destination.`, input)
    const record = entry as Record<string, unknown>
    const unknown = Object.keys(record).filter((key) => key !== 'source' && key !== 'destination' && !(PER_PAIR_KEYS as readonly string[]).includes(key))
    if (unknown.length > 0) {
      throw new InvalidInputError(`${where}: unknown setting ${unknown.join(', ')}; allowed: source, destination, ${PER_PAIR_KEYS.join(', ')}.`, input)
    }
    if (typeof record.source !== 'string' || typeof record.destination !== 'string') {
      throw new InvalidInputError(`${where}: source and destination must both be bucket names.`, input)
    }
    checkBucket(record.source, where, input)
    checkBucket(record.destination, where, input)
    return { ...defaults, ...(record as Partial<SeedOptions>), source: record.source, destination: record.destination }
  })
}

function checkBucket(bucket: string, where: string, input: string): void {
  const problem = bucketNameProblem(bucket)
  if (problem) throw new InvalidInputError(`${where}: "${bucket}" is not a valid S3 bucket name: it ${problem}.`, input)
}
