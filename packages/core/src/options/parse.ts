import { bucketNameProblem } from '../buckets/bucket-name.js'
import { InvalidInputError } from '../errors.js'
import { flagOf, inputOf, PAIR_OPTION_KEYS, specOf, type OptionKey, type OptionSpec, type PairSettings, type SeedOptions } from './schema.js'

/**
 * Where a value came from, so an error names exactly what to fix: a flag (`--priority`), an Action
 * input (input `priority`), or a pairs-file entry (`pairs.json entry 3: priority`).
 */
export type ValueSource =
  | { surface: 'cli' }
  | { surface: 'action' }
  | { surface: 'pairs-file'; where: string; flag: string }
  | { surface: 'library' }

/** How an error names the option: `--flag`, ``Input `name` ``, or the pairs file's line and key. */
export function labelOf(key: OptionKey, source: ValueSource): string {
  switch (source.surface) {
    case 'cli':
    case 'library':
      return flagOf(key)
    case 'action':
      return `Input \`${inputOf(key)}\``
    case 'pairs-file':
      return `${source.where}: ${key}`
  }
}

/** What InvalidInputError.input names: the flag, the Action input, or the pairs file's flag. */
export function inputName(key: OptionKey, source: ValueSource): string {
  if (source.surface === 'action') return inputOf(key)
  if (source.surface === 'pairs-file') return source.flag
  return flagOf(key)
}

function refuse(key: OptionKey, source: ValueSource, expected: string, got: unknown): never {
  const shown = typeof got === 'string' ? `"${got}"` : JSON.stringify(got)
  throw new InvalidInputError(`${labelOf(key, source)} must be ${expected}, not ${shown}.`, inputName(key, source))
}

function expectedText(spec: OptionSpec): string {
  const type = spec.type
  switch (type.kind) {
    case 'string':
      return type.patternText ?? (type.maxLength ? `text of at most ${type.maxLength} characters` : 'text')
    case 'bucket':
      return 'an S3 bucket name'
    case 'boolean':
      return 'true or false'
    case 'integer':
      return `a whole number from ${type.min} to ${type.max}`
    case 'seconds':
      return `a positive number of seconds (at most ${type.max})`
    case 'enum':
      return type.values.length === 1 ? String(type.values[0]) : `${type.values.slice(0, -1).join(', ')} or ${type.values.at(-1)}`
    case 'time':
      return 'an ISO 8601 time such as 2026-11-01T00:00:00Z'
    case 'buckets':
      return 'S3 bucket names'
    case 'list':
      return type.patternText
  }
}

/** The items of a list typed as text: separated by commas or spaces. */
const listItems = (text: string) => text.split(/[\s,]+/).filter(Boolean)

/** A value typed as text (a flag, an Action input, a CSV cell) → the option's value, checked. */
export function parseText(key: OptionKey, text: string, source: ValueSource): unknown {
  const spec = specOf(key)
  const type = spec.type
  switch (type.kind) {
    case 'boolean':
      // The YAML 1.2 core-schema booleans that @actions/core getBooleanInput accepts.
      if (['true', 'True', 'TRUE'].includes(text)) return true
      if (['false', 'False', 'FALSE'].includes(text)) return false
      return refuse(key, source, expectedText(spec), text)
    case 'integer':
    case 'seconds':
      if (!/^\d+(\.\d+)?$/.test(text.trim())) return refuse(key, source, expectedText(spec), text)
      return checkValue(key, Number(text.trim()), source)
    case 'time': {
      const time = new Date(text)
      if (text.trim() === '' || Number.isNaN(time.getTime())) return refuse(key, source, expectedText(spec), text)
      return time
    }
    case 'list':
      return checkValue(key, listItems(text), source)
    case 'buckets':
      // `*` stands for every bucket of the account (an Action input cannot be a bare flag).
      return checkValue(key, text.trim() === '*' ? [] : listItems(text), source)
    default:
      return checkValue(key, text, source)
  }
}

/** A value from JSON/YAML or a library caller → checked, type and range. Times may be given as text. */
export function checkValue(key: OptionKey, value: unknown, source: ValueSource): unknown {
  const spec = specOf(key)
  const type = spec.type
  const expected = expectedText(spec)
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') return refuse(key, source, expected, value)
      if (type.maxLength !== undefined && value.length > type.maxLength) return refuse(key, source, `at most ${type.maxLength} characters long`, `${value.slice(0, 40)}…`)
      if (type.pattern !== undefined && !type.pattern.test(value)) {
        throw new InvalidInputError(`${labelOf(key, source)} "${value}" is not ${expected}.`, inputName(key, source))
      }
      return value
    case 'bucket': {
      const problem = typeof value === 'string' ? bucketNameProblem(value) : 'is not text'
      if (problem) throw new InvalidInputError(`${labelOf(key, source)} "${String(value)}" is not a valid S3 bucket name: it ${problem}.`, inputName(key, source))
      return value
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : refuse(key, source, expected, value)
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < type.min || value > type.max) return refuse(key, source, expected, value)
      return value
    case 'seconds':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < type.min || value > type.max) return refuse(key, source, expected, value)
      return value
    case 'enum':
      return typeof value === 'string' && type.values.includes(value) ? value : refuse(key, source, expected, value)
    case 'time':
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value
      return typeof value === 'string' ? parseText(key, value, source) : refuse(key, source, expected, value)
    case 'list':
      if (!Array.isArray(value)) return refuse(key, source, `a list of ${expected}s`, value)
      for (const item of value) {
        if (typeof item !== 'string' || !type.pattern.test(item)) throw new InvalidInputError(`${labelOf(key, source)} "${String(item)}" is not ${expected}.`, inputName(key, source))
      }
      return value
    case 'buckets':
      if (!Array.isArray(value)) return refuse(key, source, expected, value)
      for (const bucket of value) {
        const problem = typeof bucket === 'string' ? bucketNameProblem(bucket) : 'is not text'
        if (problem) throw new InvalidInputError(`${labelOf(key, source)}: "${String(bucket)}" is not a valid S3 bucket name: it ${problem}.`, inputName(key, source))
      }
      return value
  }
}

/** Checks every pair setting present in `settings` (a library caller's, or a pairs-file entry's). */
export function checkPairSettings(settings: PairSettings, source: ValueSource): void {
  for (const key of PAIR_OPTION_KEYS) {
    const value = settings[key]
    if (value !== undefined) checkValue(key, value, source)
  }
}

export type { SeedOptions }
