import { startEndpoint } from './endpoint.js'
import type { KeyShape } from './key-shapes.js'

// A child process, so the endpoint's CPU and memory are not counted against the tool measured.
const [shape = 'flat-uuid', count = '1000000', delay = '0'] = process.argv.slice(2)
const endpoint = await startEndpoint({ shape: shape as KeyShape, count: Number(count), delayMs: Number(delay) })
process.stdout.write(`ready ${endpoint.url}\n`)
process.on('SIGTERM', () => {
  process.stderr.write(`${JSON.stringify(endpoint.stats)}\n`)
  void endpoint.close().then(() => process.exit(0))
})
