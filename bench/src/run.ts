import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderChart } from './chart.js'

/**
 * `pnpm bench`: lists the same synthetic bucket with s3-seed and its peers, one tool at a time, and
 * writes bench/results/latest.{md,json} and chart.svg. Flags: --keys N (default 1000000),
 * --big N (the memory run, default 10000000; 0 to skip), --delay MS (default 50), --tools a,b,
 * --merge yes (keep the previous results of the tools not run this time).
 */
const args = new Map<string, string>()
for (let index = 2; index < process.argv.length; index += 2) args.set((process.argv[index] as string).replace(/^--/, ''), process.argv[index + 1] ?? '')
const KEYS = Number(args.get('keys') ?? 1_000_000)
const BIG = Number(args.get('big') ?? 10_000_000)
const DELAY = Number(args.get('delay') ?? 50)
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const resultsDir = here('../results/')
const workDir = mkdtempSync(join(tmpdir(), 's3-seed-bench-'))

interface Tool {
  name: string
  command: (endpoint: string) => string[]
  /** Keys the tool saw, from its output file. */
  count: (output: string) => number
  env?: Record<string, string | undefined>
}

const node = process.execPath
const json = (output: string) => Number((JSON.parse(output.trim().split('\n').pop() ?? '{}') as { keys?: number }).keys ?? -1)
const lines = (output: string) => output.split('\n').filter((line) => line !== '').length
const awsEnv = { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_DEFAULT_REGION: 'us-east-1' }

const TOOLS: Tool[] = [
  { name: 's3-seed manifest build', command: (url) => [node, here('tools/s3seed-manifest.js'), url], count: json },
  { name: 'aws s3 ls --recursive', command: (url) => ['aws', 's3', 'ls', '--recursive', 's3://bench-bucket', '--endpoint-url', url], count: lines, env: awsEnv },
  {
    name: 'aws s3api list-objects-v2',
    command: (url) => ['aws', 's3api', 'list-objects-v2', '--bucket', 'bench-bucket', '--endpoint-url', url, '--query', 'length(Contents)', '--output', 'text'],
    // With --query, the CLI prints one count per page.
    count: (output) => output.split('\n').reduce((total, line) => total + (Number(line) || 0), 0),
    env: awsEnv,
  },
  {
    name: 'rclone lsf -R',
    command: () => ['rclone', 'lsf', '-R', 'bench:bench-bucket'],
    count: lines,
    // rclone fails every call with AWS_CA_BUNDLE set (AWS-NOTES §10).
    env: { AWS_CA_BUNDLE: undefined, RCLONE_CONFIG_BENCH_TYPE: 's3', RCLONE_CONFIG_BENCH_PROVIDER: 'Other', RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'bench', RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'bench', RCLONE_CONFIG_BENCH_REGION: 'us-east-1' },
  },
  { name: 'SDK paginator loop', command: (url) => [node, here('tools/sdk-paginator.js'), url], count: json },
  { name: 'raw page fetch (floor)', command: (url) => [node, here('tools/raw-fetch.js'), url], count: json },
]

interface Measurement {
  scenario: string
  tool: string
  keys: number
  expectedKeys: number
  wallSeconds: number
  keysPerSecond: number
  peakRssMb: number
  ok: boolean
  note?: string
}

async function startEndpoint(count: number, delay: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(node, [here('endpoint-main.js'), 'flat-uuid', String(count), String(delay)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /ready (\S+)/.exec(chunk)
      if (match) resolve(match[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`endpoint exited ${code}`)))
  })
  return { url, child }
}

function available(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0
}

async function measure(scenario: string, tool: Tool, count: number, delay: number): Promise<Measurement> {
  const program = tool.command('')[0] as string
  const base = { scenario, tool: tool.name, expectedKeys: count }
  if (program !== node && !available(program)) {
    return { ...base, keys: 0, wallSeconds: 0, keysPerSecond: 0, peakRssMb: 0, ok: false, note: `${program} is not installed` }
  }
  const endpoint = await startEndpoint(count, delay)
  try {
    const output = join(workDir, 'output')
    const env: NodeJS.ProcessEnv = { ...process.env, RCLONE_CONFIG_BENCH_ENDPOINT: endpoint.url }
    for (const [name, value] of Object.entries(tool.env ?? {})) {
      if (value === undefined) delete env[name]
      else env[name] = value
    }
    process.stderr.write(`  ${scenario}: ${tool.name} ... `)
    const raw = execFileSync('python3', [here('../measure.py'), output, '--', ...tool.command(endpoint.url)], { env, encoding: 'utf8', maxBuffer: 1 << 24 })
    const result = JSON.parse(raw) as { exitCode: number; wallSeconds: number; peakRssMb: number; stderr: string }
    const keys = result.exitCode === 0 ? tool.count(readFileSync(output, 'utf8')) : 0
    process.stderr.write(`${result.wallSeconds} s, ${result.peakRssMb} MB, ${keys} keys\n`)
    return {
      ...base,
      keys,
      wallSeconds: result.wallSeconds,
      keysPerSecond: Math.round(keys / result.wallSeconds),
      peakRssMb: result.peakRssMb,
      ok: result.exitCode === 0 && keys === count,
      ...(result.exitCode === 0 ? {} : { note: result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}` }),
    }
  } finally {
    endpoint.child.kill('SIGTERM')
    await new Promise((resolve) => endpoint.child.once('exit', resolve))
  }
}

const selected = args.get('tools')?.split(',') ?? TOOLS.map((tool) => tool.name)
const chosen = TOOLS.filter((tool) => selected.some((name) => tool.name.startsWith(name)))
const scenarios = [
  { name: `${KEYS.toLocaleString('en')} keys, no delay`, count: KEYS, delay: 0, tools: chosen },
  { name: `${KEYS.toLocaleString('en')} keys, ${DELAY} ms per request`, count: KEYS, delay: DELAY, tools: chosen },
  ...(BIG > 0 ? [{ name: `${BIG.toLocaleString('en')} keys, no delay (memory)`, count: BIG, delay: 0, tools: chosen.slice(0, 1) }] : []),
]

const measurements: Measurement[] = []
if (args.get('merge') === 'yes') {
  const previous = JSON.parse(readFileSync(join(resultsDir, 'latest.json'), 'utf8')) as { measurements: Measurement[] }
  const rerun = (m: Measurement) => scenarios.some((scenario) => scenario.name === m.scenario && scenario.tools.some((tool) => tool.name === m.tool))
  measurements.push(...previous.measurements.filter((m) => !rerun(m)))
}
for (const scenario of scenarios) {
  process.stderr.write(`${scenario.name}\n`)
  for (const tool of scenario.tools) measurements.push(await measure(scenario.name, tool, scenario.count, scenario.delay))
}
// Scenario by scenario, tools in the order of TOOLS.
const scenarioOrder = [...new Set([...measurements.map((m) => m.scenario), ...scenarios.map((scenario) => scenario.name)])]
const order = (m: Measurement) => scenarioOrder.indexOf(m.scenario) * 100 + TOOLS.findIndex((tool) => tool.name === m.tool)
measurements.sort((a, b) => order(a) - order(b))

const machine = `${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
const table = [
  `Listing a flat bucket of synthetic UUID keys (1,000 per page) on a local endpoint; ${machine}.`,
  'Reproduce with `pnpm bench` (see bench/README.md).',
  '',
  '| scenario | tool | keys | wall time (s) | keys/s | peak RSS (MB) | s3-seed is faster by |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...measurements.map((m) => {
    const ours = measurements.find((other) => other.scenario === m.scenario && other.tool === 's3-seed manifest build')
    const ratio = ours && m.ok && m.tool !== ours.tool ? `${(m.wallSeconds / ours.wallSeconds).toFixed(1)}x` : ''
    const keys = m.ok ? m.keys.toLocaleString('en') : `${m.keys.toLocaleString('en')} (${m.note ?? 'wrong count'})`
    return `| ${m.scenario} | ${m.tool} | ${keys} | ${m.wallSeconds.toFixed(1)} | ${m.keysPerSecond.toLocaleString('en')} | ${m.peakRssMb.toFixed(0)} | ${ratio} |`
  }),
].join('\n')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(join(resultsDir, 'latest.md'), `${table}\n`)
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify({ machine, measurements }, null, 2)}\n`)
writeFileSync(join(resultsDir, 'chart.svg'), renderChart(measurements.filter((m) => m.ok)))
process.stdout.write(`${table}\n`)
