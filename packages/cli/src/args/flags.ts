import { defaultOf, flagOf, isOn, parseText, specOf, type OptionKey, type OptionSpec } from '@s3-seed/core/base'
import type { Command } from 'cac'
import type { GlobalOptions } from './types.js'

/** The option schema (core's PAIR_OPTIONS and RUN_OPTIONS) as cac flags, and flag values read back through it. */

/** cac's flags, plus the option values as typed, which win over cac's converted ones. */
export interface Flags {
  parsed: Record<string, unknown>
  raw: Map<string, string>
}

/** cac's name for an option's value: its flag in camelCase (`--kms-key` → `kmsKey`). */
function cacName(key: OptionKey): string {
  return flagOf(key).slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

/** Help text with the default, e.g. `Job priority, higher runs first (default: 10)`. */
function helpOf(spec: OptionSpec, description = spec.description): string {
  const shown = spec.default ?? spec.defaultText
  return shown === undefined || shown === '' || shown === false || spec.type.kind === 'boolean' ? description : `${description} (default: ${shown})`
}

/** Declares one schema option on a cac command (only if the schema offers it on the command line). */
export function addOption(command: Command, key: OptionKey, description?: string): Command {
  if (!isOn(key, 'cli')) return command
  const spec = specOf(key)
  const flag = flagOf(key)
  if (spec.type.kind === 'boolean') {
    // A flag that is on by default is turned off with --no-<name>.
    if (spec.default === true) return command.option(`--no-${flag.slice(2)}`, description ?? spec.offDescription ?? `Turn off: ${spec.description}`)
    return command.option(flag, helpOf(spec, description))
  }
  if (spec.type.kind === 'buckets') return command.option(flag, helpOf(spec, description))
  return command.option(`${flag} ${spec.placeholder ?? `<${flag.slice(2)}>`}`, helpOf(spec, description))
}

/** The value of a string option, as typed on the command line (cac would turn "007" into 7). */
export function optionText(flags: Flags, name: string): string | undefined {
  const value = flags.parsed[name]
  if (value === undefined || typeof value === 'boolean') return undefined
  return flags.raw.get(name) ?? String(value)
}

/** A schema option's value from the command line, parsed and checked; undefined when not given. */
export function optionValue(flags: Flags, key: OptionKey): unknown {
  const name = cacName(key)
  if (specOf(key).type.kind === 'boolean') {
    // Only what the user changed: a default stays unset, so a pairs file's entries may set it.
    const value = flags.parsed[name]
    return typeof value === 'boolean' && value !== (specOf(key).default ?? false) ? value : undefined
  }
  if (specOf(key).type.kind === 'list') {
    // A repeatable flag: cac gives an array when it is given more than once.
    const value = flags.parsed[name]
    if (value === undefined) return undefined
    return parseText(key, (Array.isArray(value) ? value : [value]).map(String).join(','), { surface: 'cli' })
  }
  const text = optionText(flags, name)
  return text === undefined ? undefined : parseText(key, text, { surface: 'cli' })
}

export function globalOptions(flags: Flags): GlobalOptions {
  const region = optionValue(flags, 'region') as string | undefined
  const profile = optionValue(flags, 'profile') as string | undefined
  return { ...(region === undefined ? {} : { region }), ...(profile === undefined ? {} : { profile }), json: flags.parsed.json === true, verbose: flags.parsed.verbose === true }
}

/** --poll-interval in seconds, or the schema's default. */
export function pollIntervalSeconds(flags: Flags): number {
  return (optionValue(flags, 'pollInterval') as number | undefined) ?? defaultOf('pollInterval')
}

/** --max-poll-outage in minutes, or the schema's default. */
export function maxPollOutageMinutes(flags: Flags): number {
  return (optionValue(flags, 'maxPollOutage') as number | undefined) ?? defaultOf('maxPollOutage')
}

/** Option values as they appear in argv (`--name value` or `--name=value`), last one wins, keyed camelCase. */
export function rawOptionValues(argv: string[]): Map<string, string> {
  const values = new Map<string, string>()
  argv.forEach((arg, index) => {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg)
    if (match === null) return
    const camel = (match[1] as string).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
    const value = match[2] ?? argv[index + 1]
    if (value !== undefined) values.set(camel, value)
  })
  return values
}
