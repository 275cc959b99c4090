import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bucketNames, type EndpointStats } from './endpoint.js'
import { expectedCount, type Scenario } from './scenarios.js'
import { DESTINATION, type Tool } from './tools.js'

export interface Measurement {
  scenario: string
  task: Scenario['task']
  shape: string
  delayMs: number
  tool: string
  /** Objects the tool reported, and how many it should have. */
  keys: number
  expectedKeys: number
  wallSeconds: number
  /** CPU time of the tool's process (user + system). Absent in results from before it was measured. */
  cpuSeconds?: number
  /** The endpoint ran on one core and the tool on another (taskset). */
  pinned?: boolean
  /** Keys the endpoint's list requests returned: above the keys in the buckets listed, keys listed twice. */
  listedKeys?: number
  /** CPU the endpoint spent answering the tool (on its own core): near the wall time, it was what the tool waited for. */
  endpointCpuSeconds?: number
  peakRssMb: number
  /** List requests in flight: time-weighted mean and most at once, as the endpoint saw them. */
  meanConcurrency: number
  maxConcurrency: number
  listRequests: number
  /** HeadObject requests, and how many were in flight (verify --checksum). */
  heads?: EndpointStats['heads']
  ok: boolean
  note?: string
  /** Wall seconds of each run, lowest first, when the run was repeated (measureQuick). */
  runs?: number[]
}

const node = process.execPath
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

async function startEndpoint(scenario: Scenario): Promise<{ url: string; child: ChildProcess; stats: Promise<EndpointStats | undefined> }> {
  const argv = [here('endpoint-main.js'), scenario.shape, String(scenario.count), String(scenario.delayMs)]
  const child = PINNED ? spawn('taskset', ['-c', '0', node, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(node, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
  let errors = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk))
  // The endpoint prints its statistics as one JSON line when stopped.
  const stats = new Promise<EndpointStats | undefined>((resolve) => child.once('exit', () => resolve(JSON.parse(errors.trim().split('\n').pop() || 'null') as EndpointStats | undefined)))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /ready (\S+)/.exec(chunk)
      if (match) resolve(match[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`endpoint exited ${code}: ${errors}`)))
  })
  return { url, child, stats }
}

function available(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0
}

/**
 * With two cores or more and taskset, the endpoint runs on core 0 and the tool on core 1: the tool's
 * CPU time is then its own, not shared with the endpoint it waits for, and comparable across runs.
 */
const PINNED = available('taskset') && Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) >= 2

/** Runs one tool on a fresh endpoint and measures it (measure.py: wall time, peak RSS). */
export async function measure(scenario: Scenario, tool: Tool, workDir: string): Promise<Measurement> {
  const buckets = bucketNames('bench-bucket')
  const variant = DESTINATION[scenario.task]
  const argv = (url: string) => tool.command(url, buckets.all, variant === undefined ? '' : buckets[variant])
  const base = { scenario: scenario.title, task: scenario.task, shape: scenario.shape, delayMs: scenario.delayMs, tool: tool.name, expectedKeys: expectedCount(scenario) }
  const none = { keys: 0, wallSeconds: 0, peakRssMb: 0, meanConcurrency: 0, maxConcurrency: 0, listRequests: 0, ok: false }
  const program = argv('')[0] as string
  if (program !== node && !available(program)) return { ...base, ...none, note: `${program} is not installed` }
  const endpoint = await startEndpoint(scenario)
  let stats: EndpointStats | undefined
  let result: { exitCode: number; wallSeconds: number; cpuSeconds: number; peakRssMb: number; stderr: string }
  const output = join(workDir, 'output')
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, RCLONE_CONFIG_BENCH_ENDPOINT: endpoint.url }
    for (const [name, value] of Object.entries(tool.env ?? {})) {
      if (value === undefined) delete env[name]
      else env[name] = value
    }
    process.stderr.write(`  ${scenario.title}, ${scenario.shape}, ${scenario.count.toLocaleString('en')} keys, ${scenario.delayMs} ms: ${tool.name} ... `)
    const command = ['python3', here('../measure.py'), output, '--', ...argv(endpoint.url)]
    const pinned = PINNED ? ['taskset', '-c', '1', ...command] : command
    const raw = execFileSync(pinned[0] as string, pinned.slice(1), { env, encoding: 'utf8', maxBuffer: 1 << 24 })
    result = JSON.parse(raw) as typeof result
  } finally {
    endpoint.child.kill('SIGTERM')
    stats = await endpoint.stats
  }
  const succeeded = (tool.okExitCodes ?? [0]).includes(result.exitCode)
  const text = succeeded ? readFileSync(output, 'utf8') : ''
  const keys = succeeded ? tool.count(text) : 0
  const problem = succeeded ? tool.problem?.(text) : (result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}`)
  const measurement: Measurement = {
    ...base,
    keys,
    wallSeconds: result.wallSeconds,
    cpuSeconds: result.cpuSeconds,
    peakRssMb: result.peakRssMb,
    meanConcurrency: stats?.meanConcurrency ?? 0,
    maxConcurrency: stats?.maxConcurrency ?? 0,
    listRequests: stats?.listRequests ?? 0,
    ...(stats?.listedKeys === undefined ? {} : { listedKeys: stats.listedKeys }),
    ...(stats?.cpuSeconds === undefined ? {} : { endpointCpuSeconds: stats.cpuSeconds }),
    pinned: PINNED,
    ...(stats?.heads && stats.heads.requests > 0 ? { heads: stats.heads } : {}),
    ok: succeeded && problem === undefined && keys === base.expectedKeys,
    ...(problem === undefined ? {} : { note: problem }),
  }
  const heads = measurement.heads ? `, ${measurement.heads.requests} HEADs, ${measurement.heads.meanConcurrency} in flight (max ${measurement.heads.maxConcurrency})` : ''
  process.stderr.write(`${result.wallSeconds} s, ${result.cpuSeconds} s CPU (endpoint ${stats?.cpuSeconds ?? '?'}), ${result.peakRssMb} MB, ${keys} objects, concurrency ${measurement.meanConcurrency} (max ${measurement.maxConcurrency})${heads}\n`)
  return measurement
}

/**
 * Runs shorter than this are repeated: s3-seed's take seconds and are CPU-bound, so they move with
 * the machine's load (±15% here), while the peers' take minutes, set by the requests' latency.
 */
const QUICK_SECONDS = 30

/**
 * Measures a tool `repeat` times if its first run was quick, and gives the run of median wall time
 * with the highest peak RSS of all runs and every run's wall time. A failed run is the result.
 */
export async function measureQuick(scenario: Scenario, tool: Tool, workDir: string, repeat: number): Promise<Measurement> {
  const first = await measure(scenario, tool, workDir)
  if (!first.ok || repeat < 2 || first.wallSeconds >= QUICK_SECONDS) return first
  const all = [first]
  for (let run = 1; run < repeat; run++) {
    const next = await measure(scenario, tool, workDir)
    if (!next.ok) return next
    all.push(next)
  }
  all.sort((a, b) => a.wallSeconds - b.wallSeconds)
  const median = all[Math.floor((all.length - 1) / 2)] as Measurement
  return { ...median, peakRssMb: Math.max(...all.map((m) => m.peakRssMb)), runs: all.map((m) => m.wallSeconds) }
}
