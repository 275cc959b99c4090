import { inputOf, isOn, PAIR_OPTIONS, parseText, specOf, InvalidInputError, type OptionKey, type PairSettings, type PairsSource } from '@s3-seed/core'

/** Reads an input; the runner passes unset inputs as '' (actions/toolkit core.getInput). */
export type InputReader = (name: string) => string

export interface ActionInputs {
  pairs: PairsSource
  mode: 'attached' | 'detached'
  region?: string
  settings: PairSettings
  concurrency: number
  pollIntervalSeconds: number
  timeoutMinutes: number
  failOnTaskFailures: boolean
  dryRun: boolean
  /** Check every pair before creating anything. */
  check: boolean
  /** Only check, create nothing. */
  checkOnly: boolean
  maskAccountId: boolean
  restoreArchivedDays?: number
  maxPollOutageMinutes: number
  retryRounds: number
  settleTimeoutMinutes: number
}

/**
 * All inputs, read through core's option schema (the same checks as the CLI's flags and the pairs
 * file's keys). Pure (the reader is injected), so it is unit-tested without a runner; errors name the
 * input as written in the workflow.
 */
export function readInputs(read: InputReader): ActionInputs {
  const given = (key: OptionKey | 'source' | 'destination') => {
    const value = read(key === 'source' || key === 'destination' ? key : inputOf(key)).trim()
    return value === '' ? undefined : value
  }
  /** The input's value, or its action.yml default, checked against the schema. */
  const value = (key: OptionKey): unknown => {
    const text = given(key)
    if (text !== undefined) return parseText(key, text, { surface: 'action' })
    return specOf(key).actionDefault
  }

  const settings: Record<string, unknown> = {}
  for (const key of Object.keys(PAIR_OPTIONS) as OptionKey[]) {
    if (!isOn(key, 'action')) continue
    const setting = value(key)
    if (setting !== undefined) settings[key] = setting
  }
  const region = value('region') as string | undefined
  const restoreArchivedDays = value('restoreArchived') as number | undefined
  return {
    pairs: pairsInput(given('source'), given('destination'), given('pairs'), given('fromReplication') === undefined ? undefined : (value('fromReplication') as string[])),
    mode: value('mode') as ActionInputs['mode'],
    ...(region === undefined ? {} : { region }),
    settings: settings as PairSettings,
    concurrency: value('concurrency') as number,
    pollIntervalSeconds: value('pollInterval') as number,
    timeoutMinutes: value('timeoutMinutes') as number,
    failOnTaskFailures: value('failOnTaskFailures') as boolean,
    dryRun: value('dryRun') as boolean,
    check: value('check') as boolean,
    checkOnly: value('checkOnly') as boolean,
    maskAccountId: value('maskAccountId') as boolean,
    maxPollOutageMinutes: value('maxPollOutage') as number,
    retryRounds: value('retryRounds') as number,
    settleTimeoutMinutes: value('settleTimeout') as number,
    ...(restoreArchivedDays === undefined ? {} : { restoreArchivedDays }),
  }
}

/** Which pairs: one (source, destination), many (pairs: lines or a file), or every replication rule (from-replication). */
function pairsInput(source: string | undefined, destination: string | undefined, pairs: string | undefined, fromReplication: string[] | undefined): ActionInputs['pairs'] {
  const single = source !== undefined || destination !== undefined
  if (fromReplication !== undefined && (single || pairs !== undefined)) {
    throw new InvalidInputError('Set either `from-replication` (pairs from replication rules), or `source` and `destination`, or `pairs`: not two of them.', 'from-replication')
  }
  if (single && pairs !== undefined) throw new InvalidInputError('Set either `source` and `destination`, or `pairs`, not both.', 'pairs')
  if (fromReplication !== undefined) return { kind: 'replication', buckets: fromReplication }
  if (pairs !== undefined) {
    return /^[^\s,]+$/.test(pairs) && /\.(csv|json|ya?ml|txt)$/i.test(pairs) ? { kind: 'file', path: pairs } : { kind: 'text', text: pairs }
  }
  if (source === undefined || destination === undefined) {
    throw new InvalidInputError('Set both `source` and `destination` (bucket names), `pairs`, or `from-replication`.', source === undefined ? 'source' : 'destination')
  }
  return { kind: 'single', source, destination }
}
