import { limitHeapGrowth } from '@s3-seed/core'
import { run } from './main.js'

// The Action owns its process: keep V8's heap close to what listing keeps alive (core/src/listing/heap-growth.ts).
limitHeapGrowth()

// The pinned AWS SDK works on the runner's Node; its notice about future releases is noise in logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
// The runner cancels a step with SIGINT, then SIGTERM: stop following, but write the outputs and the
// summary (with every job ID and how to follow or cancel it) before exiting.
const interrupt = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => interrupt.abort(new Error(`Interrupted (${signal})`)))
await run(process.env, interrupt.signal)
