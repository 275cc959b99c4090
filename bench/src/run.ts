import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderChart } from './chart.js'
import { KEY_SHAPES, type KeyShape } from './key-shapes.js'
import { measureQuick, type Measurement } from './measure.js'
import { goals, goalsTable, resultsTable } from './report.js'
import { scenarios } from './scenarios.js'
import { TOOLS } from './tools.js'

/**
 * `pnpm bench`: runs every scenario (scenarios.ts) with s3-seed and its peers, one tool at a time on
 * a fresh endpoint, and writes bench/results/latest.{md,json} and chart.svg. Flags: --keys N
 * (default 1000000), --big N (the memory runs, default 10000000; 0 to skip), --delay MS (default
 * 50), --sync-keys N (aws s3 sync, default 100000), --checksum-keys N (verify --checksum, default
 * 100000; 0 skips it), --shapes a,b, --tools a,b (name prefixes),
 * --merge yes (keep the previous results of what is not run this time), --readme yes (also rewrite
 * the table in the README's "Listing at scale" section, between its bench markers), --repeat N
 * (runs under 30 s, s3-seed's among them, are taken N times and the median kept; default 3).
 */
const args = new Map<string, string>()
// `pnpm bench -- --keys 1000` passes the `--` on: skip it.
const argv = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'))
for (let index = 0; index < argv.length; index += 2) args.set((argv[index] as string).replace(/^--/, ''), argv[index + 1] ?? '')
const settings = {
  keys: Number(args.get('keys') ?? 1_000_000),
  big: Number(args.get('big') ?? 10_000_000),
  delayMs: Number(args.get('delay') ?? 50),
  syncKeys: Number(args.get('sync-keys') ?? 100_000),
  checksumKeys: Number(args.get('checksum-keys') ?? 100_000),
  shapes: (args.get('shapes')?.split(',') ?? KEY_SHAPES) as KeyShape[],
  repeat: Number(args.get('repeat') ?? 3),
}
const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))
const workDir = mkdtempSync(join(tmpdir(), 's3-seed-bench-'))
const selected = args.get('tools')?.split(',')
const plan = scenarios(settings)
  .map((scenario) => ({ ...scenario, tools: scenario.tools.filter((tool) => selected === undefined || selected.some((name) => tool.name.startsWith(name))) }))
  .filter((scenario) => scenario.tools.length > 0)

const key = (m: Measurement) => `${m.scenario}|${m.shape}|${m.delayMs}|${m.expectedKeys}|${m.task}|${m.tool}`
const measurements: Measurement[] = []
const started = Date.now()
for (const scenario of plan) for (const tool of scenario.tools) measurements.push(await measureQuick(scenario, tool, workDir, settings.repeat))
if (args.get('merge') === 'yes') {
  const previous = JSON.parse(readFileSync(join(resultsDir, 'latest.json'), 'utf8')) as { measurements: Measurement[] }
  const rerun = new Set(measurements.map(key))
  measurements.unshift(...previous.measurements.filter((m) => !rerun.has(key(m))))
}
// Scenario by scenario in the plan's order, tools in the order of TOOLS.
const scenarioOrder = [...new Set(measurements.map((m) => `${m.scenario}|${m.shape}|${m.delayMs}|${m.expectedKeys}|${m.task}`))]
const order = (m: Measurement) => scenarioOrder.indexOf(key(m).replace(/\|[^|]*$/, '')) * 100 + TOOLS.findIndex((tool) => tool.name === m.tool)
measurements.sort((a, b) => order(a) - order(b))

const minutes = ((Date.now() - started) / 60_000).toFixed(0)
const machine = `${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
const report = [
  `Synthetic buckets (1,000 keys per page) on a local S3 endpoint with a fixed latency per request; ${machine}; the run took ${minutes} minutes.`,
  'Objects reported: keys listed (manifest), keys to copy (re-run) or keys that differ (verify). Reproduce with `pnpm bench` (see bench/README.md).',
  `Runs under 30 s (every s3-seed run but the 10M-key ones) were taken ${settings.repeat} times: wall time is the median, with the range in brackets; peak RSS the highest. The peers' minutes-long runs were taken once.`,
  '',
  goalsTable(goals(measurements, settings.keys, settings.big, settings.delayMs)),
  '',
  resultsTable(measurements),
].join('\n')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(join(resultsDir, 'latest.md'), `${report}\n`)
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify({ machine, settings, measurements }, null, 2)}\n`)
// One panel per scenario that has peers: wall time per tool.
const panel = (m: Measurement) => `${m.scenario}: ${m.shape}, ${(m.task === 'list' ? m.expectedKeys : m.expectedKeys * 100).toLocaleString('en')} keys, ${m.delayMs} ms`
const bars = measurements.filter((m) => m.ok).map((m) => ({ scenario: panel(m), tool: m.tool, wallSeconds: m.wallSeconds }))
writeFileSync(join(resultsDir, 'chart.svg'), renderChart(bars.filter((bar) => bars.filter((other) => other.scenario === bar.scenario).length > 1)))
if (args.get('readme') === 'yes') {
  const readme = fileURLToPath(new URL('../../README.md', import.meta.url))
  const text = readFileSync(readme, 'utf8')
  const [start, end] = ['<!-- bench:start -->', '<!-- bench:end -->']
  writeFileSync(readme, `${text.slice(0, text.indexOf(start) + start.length)}\n${report}\n${text.slice(text.indexOf(end))}`)
}
process.stdout.write(`${report}\n`)
