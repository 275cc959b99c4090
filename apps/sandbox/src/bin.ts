#!/usr/bin/env node
import { startSandbox } from './sandbox.js'

/**
 * `pnpm sandbox`: start a local AWS (S3, IAM, STS on moto + S3 Batch Operations), print the
 * environment that points the AWS SDK or CLI at it, and run until Ctrl-C.
 */
const port = process.env.S3_SEED_SANDBOX_PORT ? Number(process.env.S3_SEED_SANDBOX_PORT) : 4566
const sandbox = await startSandbox({ port })
process.stdout.write(`# s3-seed sandbox is running at ${sandbox.endpoint} (moto at ${sandbox.motoEndpoint})\n`)
process.stdout.write('# Paste these into a shell to point the AWS SDK or CLI at it:\n')
for (const [name, value] of Object.entries(sandbox.env)) process.stdout.write(`export ${name}=${value}\n`)
process.stdout.write('# Admin API: /_sandbox/faults (+ /stats), /_sandbox/timing, /_sandbox/replication (+ /drain), POST /_sandbox/reset, /_sandbox/iam-enforcement\n')
process.stdout.write('# Press Ctrl-C to stop.\n')

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  sandbox.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
