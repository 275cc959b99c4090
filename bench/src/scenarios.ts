import { differingCount } from './key-index.js'
import { KEY_SHAPES, type KeyShape } from './key-shapes.js'
import { tool, type Task, type Tool } from './tools.js'

export interface Scenario {
  /** The table's label, e.g. "re-run: destination holds 99%". */
  title: string
  task: Task
  shape: KeyShape
  /** Keys in the source bucket. */
  count: number
  delayMs: number
  tools: Tool[]
}

export interface ScenarioSettings {
  /** Keys for the main scenarios. Default: 1,000,000. */
  keys: number
  /** Keys for the memory scenarios (s3-seed only); 0 skips them. Default: 10,000,000. */
  big: number
  /** Latency per request. Default: 50 ms. */
  delayMs: number
  /** Keys for `aws s3 sync --dryrun`, too slow for the full count. Default: 100,000. */
  syncKeys: number
  /** Keys for `verify --checksum` (two HEADs a key; 0 skips it). Default: 100,000. */
  checksumKeys: number
  shapes: KeyShape[]
}

/** Objects a tool must report: every key listed, or the 1% of keys missing or resized. */
export function expectedCount(scenario: Scenario): number {
  return scenario.task === 'list' ? scenario.count : differingCount(scenario.count)
}

/**
 * The full run. Peers that take a minute or more per run (rclone, the AWS CLI) run once where a goal
 * needs them: `rclone lsf -R` and `rclone check` for every shape (a ratio holds only on every key
 * shape), the AWS CLI and SDK loops on UUIDs.
 * `aws s3 sync --dryrun` needs about 25 CPU seconds per 100,000 keys, so it runs on 100,000.
 */
export function scenarios(settings: ScenarioSettings): Scenario[] {
  const { keys, big, delayMs, syncKeys, checksumKeys } = settings
  const shapes = settings.shapes.filter((shape) => KEY_SHAPES.includes(shape))
  const each = (task: Task, title: string, tools: (shape: KeyShape) => Tool[]) =>
    shapes.map((shape): Scenario => ({ title, task, shape, count: keys, delayMs, tools: tools(shape) }))
  const lists = ['s3-seed manifest', 'rclone lsf -R']
  const loops = ['aws s3 ls --recursive', 'aws s3api list-objects-v2', 'SDK paginator loop', 'raw page fetch (floor)']
  const checks = (name: string, task: Task) => () => [tool(name, task), tool('rclone check --size-only --one-way', task)]
  const all: Scenario[] = [
    {
      title: 'manifest, no delay',
      task: 'list',
      shape: 'flat-uuid',
      count: keys,
      delayMs: 0,
      tools: ['s3-seed manifest', 'rclone lsf -R', 'SDK paginator loop', 'raw page fetch (floor)'].map((name) => tool(name, 'list')),
    },
    // Client CPU per 1M keys with no latency to hide it, each mode beside its peers (the endpoint and
    // the tool pinned to different cores, measure.ts).
    ...(['list', 'compare', 'verify'] as const).map(
      (task): Scenario => ({
        title: 'client CPU, no delay',
        task,
        shape: 'sequential-ids',
        count: keys,
        delayMs: 0,
        tools: (task === 'list' ? ['s3-seed manifest', 'rclone lsf -R', 'raw page fetch (floor)'] : [task === 'compare' ? 's3-seed re-run (comparison)' : 's3-seed verify', 'rclone check --size-only --one-way']).map((name) => tool(name, task)),
      }),
    ),
    ...each('list', 'manifest', (shape) => [...lists, ...(shape === 'flat-uuid' ? loops : [])].map((name) => tool(name, 'list'))),
    ...each('compare', 're-run: destination holds 99%', checks('s3-seed re-run (comparison)', 'compare')),
    {
      title: 're-run: destination holds 99% (aws s3 sync: fewer keys)',
      task: 'compare',
      shape: 'sequential-ids',
      count: syncKeys,
      delayMs,
      tools: [tool('s3-seed re-run (comparison)', 'compare'), tool('aws s3 sync --dryrun', 'compare')],
    },
    ...each('verify', 'verify: 1% differ in size', checks('s3-seed verify', 'verify')),
    {
      title: 'verify --checksum: 1% rewritten at the same size',
      task: 'content',
      shape: 'flat-uuid',
      count: checksumKeys,
      delayMs,
      tools: [tool('s3-seed verify --checksum', 'content'), tool('rclone check --one-way', 'content')],
    },
    ...(big > 0
      ? (['list', 'compare', 'verify'] as const).map(
          (task): Scenario => ({
            title: 'memory',
            task,
            shape: 'flat-uuid',
            count: big,
            delayMs,
            tools: [tool(task === 'list' ? 's3-seed manifest' : task === 'compare' ? 's3-seed re-run (comparison)' : 's3-seed verify', task)],
          }),
        )
      : []),
  ]
  return all.filter((scenario) => scenario.count > 0 && scenario.tools.length > 0 && shapes.includes(scenario.shape))
}
