import { startEndpoint } from './endpoint.js'
import type { KeyShape } from './key-shapes.js'

// A child process, so the endpoint's CPU and memory are not counted against the tool measured.
const [shape = 'flat-uuid', count = '1000000', delay = '0'] = process.argv.slice(2)
const endpoint = await startEndpoint({ shape: shape as KeyShape, count: Number(count), delayMs: Number(delay) })
// Its CPU is counted from here: serving the tool, not making the bucket's listing elements.
const ready = process.cpuUsage()
process.stdout.write(`ready ${endpoint.url}\n`)
process.on('SIGTERM', () => {
  const cpu = process.cpuUsage(ready)
  process.stderr.write(`${JSON.stringify({ ...endpoint.stats, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100 })}\n`)
  void endpoint.close().then(() => process.exit(0))
})
