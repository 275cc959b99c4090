import { defaultOf, isOn, PAIR_OPTIONS, type PairSettings } from '@s3-seed/core/base'
import { globalOptions, maxPollOutageMinutes, optionText, optionValue, pollIntervalSeconds, type Flags } from './flags.js'
import type { SeedCommandOptions } from './types.js'

/** A usage error: cac's own class name, so main maps it to exit code 2. */
export class UsageError extends Error {
  override name = 'CACError'
}

/** The seed command's options: positional buckets, run settings, and every pair setting the schema offers. */
export function seedOptions(positional: string[], flags: Flags): SeedCommandOptions {
  // mri reads `--from-replication bucket-a` as the flag's value: put it back among the buckets.
  const flag = flags.parsed.fromReplication
  const fromReplication = flag !== undefined && flag !== false
  const buckets = typeof flag === 'string' || typeof flag === 'number' ? [String(flags.raw.get('fromReplication') ?? flag), ...positional] : positional
  const [source, destination] = fromReplication ? [] : buckets
  if (!fromReplication && buckets.length > 2) throw new UsageError(`Expected SOURCE and DESTINATION, got ${buckets.length} buckets (${buckets.join(' ')}).`)
  const defaults: Record<string, unknown> = {}
  for (const key of Object.keys(PAIR_OPTIONS) as Array<keyof typeof PAIR_OPTIONS>) {
    if (!isOn(key, 'cli')) continue
    const value = optionValue(flags, key)
    if (value !== undefined) defaults[key] = value
  }
  const pairsFile = optionText(flags, 'pairs')
  if (fromReplication && pairsFile !== undefined) throw new UsageError('Give either --from-replication or --pairs FILE, not both.')
  if (pairsFile !== undefined && (source !== undefined || destination !== undefined)) {
    throw new UsageError('Give either SOURCE and DESTINATION or --pairs FILE, not both.')
  }
  if (!fromReplication && pairsFile === undefined && (source === undefined || destination === undefined)) {
    throw new UsageError('Give a SOURCE and a DESTINATION bucket (s3-seed SOURCE DESTINATION), or --pairs FILE. See s3-seed --help.')
  }
  const restoreArchivedDays = optionValue(flags, 'restoreArchived') as number | undefined
  return {
    ...globalOptions(flags),
    pairs: fromReplication
      ? { kind: 'replication', buckets }
      : pairsFile !== undefined
        ? { kind: 'file', path: pairsFile }
        : { kind: 'single', source: String(source), destination: String(destination) },
    detach: flags.parsed.detach === true,
    dryRun: flags.parsed.dryRun === true,
    check: flags.parsed.check !== false,
    concurrency: (optionValue(flags, 'concurrency') as number | undefined) ?? defaultOf('concurrency'),
    pollIntervalSeconds: pollIntervalSeconds(flags),
    maxPollOutageMinutes: maxPollOutageMinutes(flags),
    retryRounds: (optionValue(flags, 'retryRounds') as number | undefined) ?? defaultOf('retryRounds'),
    settleTimeoutMinutes: (optionValue(flags, 'settleTimeout') as number | undefined) ?? defaultOf('settleTimeout'),
    ...(restoreArchivedDays === undefined ? {} : { restoreArchivedDays }),
    defaults: defaults as PairSettings,
  }
}
