import { InvalidInputError, type PairSettings } from '@s3-seed/core'

/** Reads an input; the runner passes unset inputs as '' (actions/toolkit core.getInput). */
export type InputReader = (name: string) => string

export interface ActionInputs {
  pairs: { kind: 'single'; source: string; destination: string } | { kind: 'text'; text: string } | { kind: 'file'; path: string }
  mode: 'attached' | 'detached'
  region?: string
  settings: PairSettings
  concurrency: number
  pollIntervalSeconds: number
  timeoutMinutes: number
  failOnTaskFailures: boolean
  dryRun: boolean
  maskAccountId: boolean
}

/**
 * All inputs, checked. Pure (the reader is injected), so it is unit-tested without a runner;
 * errors name the input as written in the workflow.
 */
export function readInputs(read: InputReader): ActionInputs {
  const optional = (name: string) => {
    const value = read(name).trim()
    return value === '' ? undefined : value
  }
  const source = optional('source')
  const destination = optional('destination')
  const pairsValue = optional('pairs')
  let pairs: ActionInputs['pairs']
  if (pairsValue !== undefined) {
    if (source !== undefined || destination !== undefined) throw new InvalidInputError('Set either `source` and `destination`, or `pairs`, not both.', 'pairs')
    pairs = /^[^\s,]+$/.test(pairsValue) && /\.(csv|json|ya?ml|txt)$/i.test(pairsValue) ? { kind: 'file', path: pairsValue } : { kind: 'text', text: pairsValue }
  } else {
    if (source === undefined || destination === undefined) {
      throw new InvalidInputError('Set both `source` and `destination` (bucket names), or `pairs`.', source === undefined ? 'source' : 'destination')
    }
    pairs = { kind: 'single', source, destination }
  }
  const mode = optional('mode') ?? 'attached'
  if (mode !== 'attached' && mode !== 'detached') throw new InvalidInputError(`Input \`mode\` must be attached or detached, not "${mode}".`, 'mode')

  const settings: PairSettings = {}
  const text = (input: string, key: 'prefix' | 'roleArn' | 'roleName' | 'manifestBucket' | 'manifestPrefix' | 'reportPrefix') => {
    const value = optional(input)
    if (value !== undefined) settings[key] = value
  }
  text('prefix', 'prefix')
  text('role-arn', 'roleArn')
  text('role-name', 'roleName')
  text('manifest-bucket', 'manifestBucket')
  text('manifest-prefix', 'manifestPrefix')
  text('report-prefix', 'reportPrefix')
  settings.report = boolean(optional('report'), 'report', true)
  settings.priority = number(optional('priority'), 'priority', 10, { min: 0, max: 2147483647, integer: true })
  settings.requireReplication = boolean(optional('require-replication'), 'require-replication', false)
  settings.all = boolean(optional('all'), 'all', false)
  const operation = optional('operation') ?? 'auto'
  if (operation !== 'auto' && operation !== 'copy' && operation !== 'replicate') {
    throw new InvalidInputError(`Input \`operation\` must be auto, copy or replicate, not "${operation}".`, 'operation')
  }
  settings.operation = operation
  settings.manifestSource = optional('manifest') ?? 'list'
  const region = optional('region')
  return {
    pairs,
    mode,
    ...(region === undefined ? {} : { region }),
    settings,
    concurrency: number(optional('concurrency'), 'concurrency', 4, { min: 1, max: 64, integer: true }),
    pollIntervalSeconds: number(optional('poll-interval'), 'poll-interval', 15, { min: 1, max: 3600 }),
    timeoutMinutes: number(optional('timeout-minutes'), 'timeout-minutes', 330, { min: 1, max: 60 * 24 * 35 }),
    failOnTaskFailures: boolean(optional('fail-on-task-failures'), 'fail-on-task-failures', true),
    dryRun: boolean(optional('dry-run'), 'dry-run', false),
    maskAccountId: boolean(optional('mask-account-id'), 'mask-account-id', true),
  }
}

/** The YAML 1.2 core-schema booleans that @actions/core getBooleanInput accepts. */
function boolean(value: string | undefined, input: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new InvalidInputError(`Input \`${input}\` must be true or false, not "${value}".`, input)
}

function number(value: string | undefined, input: string, fallback: number, range: { min: number; max: number; integer?: boolean }): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < range.min || parsed > range.max || (range.integer && !Number.isInteger(parsed))) {
    throw new InvalidInputError(`Input \`${input}\` must be ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}, not "${value}".`, input)
  }
  return parsed
}
