import { bucketNameProblem, InvalidInputError, type SeedOptions } from '@s3-seed/core'
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parse as parseYaml, YAMLParseError } from 'yaml'

type PairSettings = Omit<SeedOptions, 'source' | 'destination'>

const PER_PAIR_KEYS = ['prefix', 'roleArn', 'roleName', 'manifestBucket', 'manifestPrefix', 'report', 'reportBucket', 'reportPrefix', 'reportScope', 'priority', 'requireReplication'] as const

/**
 * Reads a pairs file. CSV: `source,destination[,prefix]` per line, `#` comments, blank lines and a
 * `source,destination` header allowed. JSON or YAML (by extension): a list of objects with
 * `source`, `destination` and any per-pair setting (prefix, roleArn, priority, ...), which override
 * the command line's. Errors name the line (CSV, YAML syntax) or the entry.
 */
export async function readPairsFile(path: string, defaults: PairSettings): Promise<SeedOptions[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InvalidInputError(`Cannot read --pairs file ${path}: ${(error as Error).message}`, '--pairs')
  }
  const extension = extname(path).toLowerCase()
  const pairs = extension === '.json' || extension === '.yaml' || extension === '.yml' ? structuredPairs(path, text, extension, defaults) : csvPairs(path, text, defaults)
  if (pairs.length === 0) throw new InvalidInputError(`--pairs file ${path} lists no bucket pairs.`, '--pairs')
  return pairs
}

function csvPairs(path: string, text: string, defaults: PairSettings): SeedOptions[] {
  const pairs: SeedOptions[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    const where = `${path} line ${index + 1}`
    if (line === '' || line.startsWith('#')) return
    const fields = line.split(',').map((field) => field.trim())
    if (index === pairs.length && /^source$/i.test(fields[0] ?? '') && /^destination$/i.test(fields[1] ?? '')) return
    if (fields.length < 2 || fields.length > 3) {
      throw new InvalidInputError(`${where}: expected "source,destination[,prefix]", got "${line}".`, '--pairs')
    }
    const [source, destination, prefix] = fields as [string, string, string | undefined]
    checkBucket(source, where)
    checkBucket(destination, where)
    pairs.push({ ...defaults, source, destination, ...(prefix ? { prefix } : {}) })
  })
  return pairs
}

function structuredPairs(path: string, text: string, extension: string, defaults: PairSettings): SeedOptions[] {
  let data: unknown
  try {
    data = extension === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    const line = error instanceof YAMLParseError ? ` line ${error.linePos?.[0]?.line}` : ''
    throw new InvalidInputError(`${path}${line}: not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`, '--pairs')
  }
  const list = Array.isArray(data) ? data : (data as { pairs?: unknown } | null)?.pairs
  if (!Array.isArray(list)) throw new InvalidInputError(`${path}: expected a list of {source, destination} entries (or {pairs: [...]}).`, '--pairs')
  return list.map((entry: unknown, index) => {
    const where = `${path} entry ${index + 1}`
    if (typeof entry !== 'object' || entry === null) throw new InvalidInputError(`${where}: expected an object with source and destination.`, '--pairs')
    const record = entry as Record<string, unknown>
    const unknown = Object.keys(record).filter((key) => key !== 'source' && key !== 'destination' && !(PER_PAIR_KEYS as readonly string[]).includes(key))
    if (unknown.length > 0) throw new InvalidInputError(`${where}: unknown setting ${unknown.join(', ')}; allowed: source, destination, ${PER_PAIR_KEYS.join(', ')}.`, '--pairs')
    if (typeof record.source !== 'string' || typeof record.destination !== 'string') {
      throw new InvalidInputError(`${where}: source and destination must both be bucket names.`, '--pairs')
    }
    checkBucket(record.source, where)
    checkBucket(record.destination, where)
    return { ...defaults, ...(record as Partial<SeedOptions>), source: record.source, destination: record.destination }
  })
}

function checkBucket(name: string, where: string): void {
  const problem = bucketNameProblem(name)
  if (problem) throw new InvalidInputError(`${where}: "${name}" is not a valid S3 bucket name: it ${problem}.`, '--pairs')
}
