import { fileURLToPath } from 'node:url'
import type { BucketVariant } from './key-index.js'

/**
 * What a scenario asks of a tool: list one bucket (the manifest), compare it with a destination
 * that holds 99% of its keys (a re-run: what is missing?), verify it against one that holds all
 * of them, 1% with another size (what differs?), or check the content of one where 1% was rewritten
 * at the same size (what differs in content?).
 */
export type Task = 'list' | 'compare' | 'verify' | 'content'

/** The destination bucket variant each task compares with. */
export const DESTINATION: Record<Task, BucketVariant | undefined> = { list: undefined, compare: 'less-1%', verify: 'resized-1%', content: 'rewritten-1%' }

export interface Tool {
  name: string
  task: Task
  /** argv for the endpoint's URL, the source bucket and (compare, verify) the destination. */
  command: (url: string, source: string, destination: string) => string[]
  /** Objects the tool reported (listed, to copy, or different), from its output file. */
  count: (output: string) => number
  env?: Record<string, string | undefined>
  /** Exit codes that mean success (rclone check exits 1 when it found differences). Default: 0. */
  okExitCodes?: number[]
  /** Why the output is not trusted although the count is right, if so (s3-seed verify checks its CSV's order). */
  problem?: (output: string) => string | undefined
}

const node = process.execPath
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const lastJson = (output: string) => JSON.parse(output.trim().split('\n').pop() ?? '{}') as { keys?: number; ordered?: boolean }
const json = (output: string) => Number(lastJson(output).keys ?? -1)
const nonEmpty = (output: string) => output.split('\n').filter((line) => line !== '')
const awsEnv = { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_DEFAULT_REGION: 'us-east-1' }
// rclone fails every call with AWS_CA_BUNDLE set (bench/README.md); its endpoint is set per run.
const rcloneEnv = {
  AWS_CA_BUNDLE: undefined,
  RCLONE_CONFIG_BENCH_TYPE: 's3',
  RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'bench',
  RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'bench',
  RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
}

export const TOOLS: Tool[] = [
  { name: 's3-seed manifest', task: 'list', command: (url, source) => [node, here('tools/s3seed-manifest.js'), url, source], count: json },
  { name: 'aws s3 ls --recursive', task: 'list', command: (url, source) => ['aws', 's3', 'ls', '--recursive', `s3://${source}`, '--endpoint-url', url], count: (output) => nonEmpty(output).length, env: awsEnv },
  {
    name: 'aws s3api list-objects-v2',
    task: 'list',
    command: (url, source) => ['aws', 's3api', 'list-objects-v2', '--bucket', source, '--endpoint-url', url, '--query', 'length(Contents)', '--output', 'text'],
    // With --query, the CLI prints one count per page.
    count: (output) => output.split('\n').reduce((total, line) => total + (Number(line) || 0), 0),
    env: awsEnv,
  },
  // lsf -R also prints the directories it found (ending in /); only objects count.
  { name: 'rclone lsf -R', task: 'list', command: (_, source) => ['rclone', 'lsf', '-R', `bench:${source}`], count: (output) => nonEmpty(output).filter((line) => !line.endsWith('/')).length, env: rcloneEnv },
  { name: 'SDK paginator loop', task: 'list', command: (url, source) => [node, here('tools/sdk-paginator.js'), url, source], count: json },
  { name: 'raw page fetch (floor)', task: 'list', command: (url, source) => [node, here('tools/raw-fetch.js'), url, source], count: json },
  { name: 's3-seed re-run (comparison)', task: 'compare', command: (url, source, destination) => [node, here('tools/s3seed-manifest.js'), url, source, destination], count: json },
  {
    name: 's3-seed verify',
    task: 'verify',
    command: (url, source, destination) => [node, here('tools/s3seed-verify.js'), url, source, destination],
    count: json,
    problem: (output) => (lastJson(output).ordered === true ? undefined : 'CSV not in key order'),
  },
  {
    name: 's3-seed verify --checksum',
    task: 'content',
    command: (url, source, destination) => [node, here('tools/s3seed-verify.js'), url, source, destination, '--checksum'],
    count: json,
    problem: (output) => (lastJson(output).ordered === true ? undefined : 'CSV not in key order'),
  },
  {
    name: 'rclone check --one-way',
    task: 'content',
    // Sizes and hashes: rclone takes an object's MD5 from a listed ETag that is a plain MD5 (no HEAD).
    command: (_, source, destination) => ['rclone', 'check', `bench:${source}`, `bench:${destination}`, '--one-way', '--combined', '-'],
    count: (output) => nonEmpty(output).filter((line) => line.startsWith('+ ') || line.startsWith('* ')).length,
    env: rcloneEnv,
    okExitCodes: [0, 1],
  },
  ...(['compare', 'verify'] as const).map(
    (task): Tool => ({
      name: 'rclone check --size-only --one-way',
      task,
      // --combined - writes one line per object: "+ key" missing, "* key" different, "= key" the same.
      command: (_, source, destination) => ['rclone', 'check', `bench:${source}`, `bench:${destination}`, '--size-only', '--one-way', '--combined', '-'],
      count: (output) => nonEmpty(output).filter((line) => line.startsWith('+ ') || line.startsWith('* ')).length,
      env: rcloneEnv,
      okExitCodes: [0, 1],
    }),
  ),
  {
    name: 'aws s3 sync --dryrun',
    task: 'compare',
    command: (url, source, destination) => ['aws', 's3', 'sync', `s3://${source}`, `s3://${destination}`, '--dryrun', '--endpoint-url', url],
    count: (output) => nonEmpty(output).filter((line) => line.startsWith('(dryrun) copy:')).length,
    env: awsEnv,
  },
]

export function tool(name: string, task: Task): Tool {
  const found = TOOLS.find((candidate) => candidate.name === name && candidate.task === task)
  if (found === undefined) throw new Error(`no tool ${name} for ${task}`)
  return found
}
