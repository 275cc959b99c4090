#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { startSandbox } from './sandbox.js'

/**
 * `pnpm sandbox [--region cn-north-1]`: start a local AWS (S3, IAM, STS, KMS on moto + S3 Batch
 * Operations) in a Region (and so a partition: aws-cn for cn-*, aws-us-gov for us-gov-*), print the
 * environment that points the AWS SDK or CLI at it, and run until Ctrl-C.
 */
const { values } = parseArgs({ options: { region: { type: 'string' } } })
const port = process.env.S3_SEED_SANDBOX_PORT ? Number(process.env.S3_SEED_SANDBOX_PORT) : 4566
const sandbox = await startSandbox({ port, ...(values.region === undefined ? {} : { region: values.region }) })
process.stdout.write(`# s3-seed sandbox is running at ${sandbox.endpoint} (moto at ${sandbox.motoEndpoint}), ${sandbox.region} (${sandbox.partition})\n`)
process.stdout.write('# Paste these into a shell to point the AWS SDK or CLI at it:\n')
for (const [name, value] of Object.entries(sandbox.env)) process.stdout.write(`export ${name}=${value}\n`)
process.stdout.write('# Admin API: /_sandbox/faults (+ /stats), /_sandbox/timing, /_sandbox/replication (+ /drain), POST /_sandbox/reset, /_sandbox/iam-enforcement, POST /_sandbox/accounts, POST /_sandbox/credentials\n')
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
