import { inputOf, isOn, PAIR_OPTIONS, RUN_OPTIONS, specOf, type OptionKey } from '@s3-seed/core'
import { stringify } from 'yaml'

/**
 * action.yml, generated from core's option schema so the Action's inputs cannot drift from the CLI's
 * flags and the pairs file's keys. action-yml.test.ts compares the committed files with this; after
 * changing the schema, run `pnpm --filter s3-seed-action test -u` to rewrite them.
 */

/** The outputs run() sets (results.ts), with what each holds. */
export const ACTION_OUTPUTS = {
  'job-id': 'ID of the first job created.',
  'job-ids': 'JSON array of all job IDs created, retry jobs for transiently failed tasks included.',
  state: 'The job\'s state (one pair), or the least successful state over all pairs (Failed, Cancelled, error, ... before Complete).',
  total: 'Objects in the manifests, summed over all jobs.',
  succeeded: 'Tasks that succeeded, summed over all jobs (0 when detached).',
  failed: 'Tasks that failed, summed over all jobs (0 when detached).',
  repaired: 'Copies under a live replication rule: late copies s3-seed removed so the newer replica or replicated delete marker is current again, summed over all pairs.',
  unconverged: 'Copies under a live replication rule: keys written during the seeding that still differ from the source (replication failed or pending), summed over all pairs; the step fails when above 0.',
  results: 'JSON array, one entry per pair: source, destination, jobId, region, state, total, succeeded, failed, report, convergence (copies under a live rule), error.',
  check: 'With check-only: JSON {passed, pairs}, each pair with source, destination, passed, problems (area, message with its fix, input) and notes.',
} as const

/** Inputs that are not options of a seeding: which buckets to seed. */
const PAIR_INPUTS = {
  source: 'Source bucket name. Use with `destination`, or use `pairs` or `from-replication`.',
  destination: 'Destination bucket name (the replication destination).',
  pairs: 'Many pairs - one per line as `source destination [prefix]` (or comma-separated), or the path of a pairs file (.csv, .json, .yaml).',
}

/** Run settings first (after the pairs), then every pair setting, then how the step behaves. */
const FIRST: OptionKey[] = ['fromReplication', 'mode', 'region']
const LAST: OptionKey[] = ['dryRun', 'check', 'checkOnly', 'restoreArchived', 'concurrency', 'pollInterval', 'maxPollOutage', 'retryRounds', 'settleTimeout', 'timeoutMinutes', 'failOnTaskFailures', 'maskAccountId']

function inputEntry(key: OptionKey): Record<string, unknown> {
  const spec = specOf(key)
  const shown = spec.defaultText ?? spec.default
  const prose = spec.actionDefault === undefined && typeof shown === 'string' && shown !== '' && spec.type.kind !== 'boolean' ? ` Default: ${shown}.` : ''
  return {
    description: `${spec.description}.${prose}`,
    required: false,
    ...(spec.actionDefault === undefined ? {} : { default: String(spec.actionDefault) }),
  }
}

export function actionYml(main: string): string {
  const keys = [...FIRST, ...(Object.keys(PAIR_OPTIONS) as OptionKey[]), ...LAST].filter((key) => isOn(key, 'action'))
  const missing = [...Object.keys(PAIR_OPTIONS), ...Object.keys(RUN_OPTIONS)].filter((key) => isOn(key as OptionKey, 'action') && !keys.includes(key as OptionKey) && key !== 'pairs')
  if (missing.length > 0) throw new Error(`action.yml does not place these Action inputs: ${missing.join(', ')}`)
  const inputs: Record<string, unknown> = {}
  for (const [name, description] of Object.entries(PAIR_INPUTS)) inputs[name] = { description, required: false }
  for (const key of keys) inputs[inputOf(key)] = inputEntry(key)
  const document = {
    name: 's3-seed',
    description: 'Seed S3 replication destinations with the objects that existed before replication was switched on, using S3 Batch Operations.',
    author: 's3-seed',
    branding: { icon: 'copy', color: 'orange' },
    inputs,
    outputs: Object.fromEntries(Object.entries(ACTION_OUTPUTS).map(([name, description]) => [name, { description }])),
    runs: { using: 'node24', main },
  }
  return `# Generated from @s3-seed/core's option schema by packages/github-action/src/action-yml.ts; do not edit.\n${stringify(document, { lineWidth: 0 })}`
}
