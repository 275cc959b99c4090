import type { Measurement } from './measure.js'

const S3_SEED = ['s3-seed manifest', 's3-seed re-run (comparison)', 's3-seed verify', 's3-seed verify --checksum']
const isOurs = (m: Measurement) => S3_SEED.includes(m.tool)
const sameRun = (a: Measurement, b: Measurement) => a.scenario === b.scenario && a.shape === b.shape && a.delayMs === b.delayMs && a.expectedKeys === b.expectedKeys && a.task === b.task
const keysOf = (m: Measurement) => (m.task === 'list' ? m.expectedKeys : m.expectedKeys * 100)

export interface Goal {
  goal: string
  measured: string
  target: string
  met: boolean | undefined
}

/** The goals, each as a ratio taken from this run's measurements. */
export function goals(measurements: Measurement[], keys: number, big: number, delayMs: number): Goal[] {
  const find = (tool: string, where: (m: Measurement) => boolean) => measurements.find((m) => m.tool === tool && m.ok && where(m))
  const at = (count: number, delay: number, task: Measurement['task'], shape?: string) => (m: Measurement) =>
    keysOf(m) === count && m.delayMs === delay && m.task === task && (shape === undefined || m.shape === shape)
  const result: Goal[] = []
  const ratio = (goal: string, slow: Measurement | undefined, fast: Measurement | undefined, target: number, atLeast: boolean) => {
    const value = slow && fast ? slow.wallSeconds / fast.wallSeconds : undefined
    const shown = value === undefined ? 'not measured' : `${value.toFixed(1)}× (${slow?.wallSeconds.toFixed(1)} s / ${fast?.wallSeconds.toFixed(1)} s)`
    result.push({ goal, measured: shown, target: `${atLeast ? '≥' : '≤'} ${target}×`, met: value === undefined ? undefined : atLeast ? value >= target : value <= target })
  }
  const shapes = [...new Set(measurements.filter(at(keys, delayMs, 'list')).map((m) => m.shape))]
  for (const shape of shapes) {
    const manifest = find('s3-seed manifest', at(keys, delayMs, 'list', shape))
    ratio(`manifest vs rclone lsf -R, ${shape}`, find('rclone lsf -R', at(keys, delayMs, 'list', shape)), manifest, 18, true)
  }
  for (const shape of shapes) {
    const rerun = find('s3-seed re-run (comparison)', at(keys, delayMs, 'compare', shape))
    const check = find('rclone check --size-only --one-way', at(keys, delayMs, 'compare', shape))
    if (check) ratio(`re-run comparison vs rclone check, ${shape}`, check, rerun, 12, true)
    ratio(`re-run comparison time / manifest time, ${shape}`, rerun, find('s3-seed manifest', at(keys, delayMs, 'list', shape)), 2, false)
  }
  for (const shape of shapes) {
    const check = find('rclone check --size-only --one-way', at(keys, delayMs, 'verify', shape))
    if (check) ratio(`verify vs rclone check, ${shape}`, check, find('s3-seed verify', at(keys, delayMs, 'verify', shape)), 12, true)
  }
  for (const m of measurements.filter((candidate) => keysOf(candidate) === big && isOurs(candidate))) {
    result.push({ goal: `peak RSS, ${m.tool}, ${big.toLocaleString('en')} keys, ${m.delayMs} ms`, measured: m.ok ? `${m.peakRssMb.toFixed(0)} MB` : 'failed', target: '≤ 200 MB', met: m.ok && m.peakRssMb <= 200 })
  }
  // Client CPU per 1M keys at no delay (issue #24): manifest ≤ 3.0 CPU-s, re-run and verify ≤ 4.0.
  for (const [tool, task, target] of [['s3-seed manifest', 'list', 3], ['s3-seed re-run (comparison)', 'compare', 4], ['s3-seed verify', 'verify', 4]] as const) {
    const m = measurements.find((candidate) => candidate.tool === tool && candidate.ok && candidate.scenario === 'client CPU, no delay' && candidate.task === task)
    const value = m?.cpuSeconds === undefined ? undefined : cpuPerMillion(m)
    result.push({ goal: `client CPU per 1M keys, ${tool}, no delay${m?.pinned ? ', pinned' : ''}`, measured: value === undefined ? 'not measured' : `${value.toFixed(2)} CPU-s`, target: `≤ ${target.toFixed(1)} CPU-s`, met: value === undefined ? undefined : value <= target })
  }
  const floor = find('raw page fetch (floor)', at(keys, 0, 'list'))
  const fast = find('s3-seed manifest', (m) => m.shape === floor?.shape && at(keys, 0, 'list')(m))
  ratio('manifest time / raw page-fetch floor, no delay', fast, floor, 1.5, false)
  for (const check of measurements.filter((m) => m.tool === 'rclone check --one-way' && m.ok)) {
    const ours = measurements.find((m) => isOurs(m) && m.ok && sameRun(m, check))
    // No goal: rclone compares the MD5s its listing carries, s3-seed the checksums HeadObject answers.
    if (ours) result.push({ goal: `verify --checksum vs rclone check (listed MD5s), ${keysOf(check).toLocaleString('en')} keys`, measured: `${(check.wallSeconds / ours.wallSeconds).toFixed(2)}× (${check.wallSeconds.toFixed(1)} s / ${ours.wallSeconds.toFixed(1)} s)`, target: '(no goal)', met: undefined })
  }
  for (const sync of measurements.filter((m) => m.tool === 'aws s3 sync --dryrun' && m.ok)) {
    const ours = measurements.find((m) => isOurs(m) && m.ok && sameRun(m, sync))
    if (ours) result.push({ goal: `re-run comparison vs aws s3 sync --dryrun, ${keysOf(sync).toLocaleString('en')} keys`, measured: `${(sync.wallSeconds / ours.wallSeconds).toFixed(1)}×`, target: '(no goal)', met: undefined })
  }
  return result
}

/** CPU-s of the tool per 1M keys in the buckets listed (a comparison lists about twice as many). */
function cpuPerMillion(m: Measurement): number {
  return ((m.cpuSeconds ?? 0) / keysOf(m)) * 1e6
}

export function resultsTable(measurements: Measurement[]): string {
  const rows = measurements.map((m) => {
    const ours = measurements.find((other) => isOurs(other) && sameRun(other, m))
    const ratio = ours && m.ok && ours.ok && !isOurs(m) ? `${(m.wallSeconds / ours.wallSeconds).toFixed(1)}×` : ''
    const objects = m.ok ? m.keys.toLocaleString('en') : `${m.keys.toLocaleString('en')} of ${m.expectedKeys.toLocaleString('en')} (${m.note ?? 'wrong count'})`
    const lists = m.listRequests > 0 ? `${m.meanConcurrency.toFixed(1)} / ${m.maxConcurrency}` : ''
    const concurrency = m.heads ? `${lists}; HEAD ${m.heads.meanConcurrency.toFixed(1)} / ${m.heads.maxConcurrency}` : lists
    const runs = m.runs && m.runs.length > 1 ? ` (${(m.runs[0] as number).toFixed(1)}–${(m.runs[m.runs.length - 1] as number).toFixed(1)})` : ''
    const rate = m.ok && m.wallSeconds > 0 ? Math.round(keysOf(m) / m.wallSeconds).toLocaleString('en') : ''
    const cpu = m.cpuSeconds === undefined ? '' : `${m.cpuSeconds.toFixed(1)} (${cpuPerMillion(m).toFixed(2)})`
    return `| ${m.scenario} | ${keysOf(m).toLocaleString('en')} | ${m.delayMs} ms | ${m.shape} | ${m.tool} | ${objects} | ${m.wallSeconds.toFixed(1)}${runs} | ${rate} | ${cpu} | ${m.peakRssMb.toFixed(0)} | ${concurrency} | ${ratio} |`
  })
  return [
    '| scenario | keys | latency | key shape | tool | objects reported | wall time (s) | keys/s | CPU (s) (per 1M keys) | peak RSS (MB) | requests in flight (mean / max) | s3-seed is faster by |',
    '| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n')
}

export function goalsTable(list: Goal[]): string {
  const mark = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : '**not met**')
  return ['| goal | measured | target | |', '| --- | ---: | ---: | --- |', ...list.map((goal) => `| ${goal.goal} | ${goal.measured} | ${goal.target} | ${mark(goal.met)} |`)].join('\n')
}
