import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { checkPairs, createClients, type SeedOptions } from '@s3-seed/core'
import { startSandbox } from '@s3-seed/sandbox'

/**
 * `pnpm --filter @s3-seed/bench bench:check`: how long `s3-seed check` takes for a fleet of pairs on
 * the sandbox (issue #22's goal: 200 pairs under 30 s), with and without the permission simulation,
 * at two concurrencies, and the requests it made. Flags: --pairs N (default 200), --sources N (default
 * 20; pairs share sources, as a fleet does), --enforce yes (IAM enforcement on: every request also
 * pays the sandbox's policy evaluation).
 */
const args = new Map<string, string>()
const argv = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'))
for (let index = 0; index < argv.length; index += 2) args.set((argv[index] as string).replace(/^--/, ''), argv[index + 1] ?? '')
const count = Number(args.get('pairs') ?? 200)
const sources = Number(args.get('sources') ?? 20)

const sandbox = await startSandbox({ timing: { stageDelayMs: 5 } })
try {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
  const make = (names: string[]) => Promise.all(names.map((name) => s3.send(new CreateBucketCommand({ Bucket: name }))))
  await make(Array.from({ length: sources }, (_, index) => `fleet-src-${index}`))
  for (let start = 0; start < count; start += 50) await make(Array.from({ length: Math.min(50, count - start) }, (_, offset) => `fleet-dst-${start + offset}`))
  if (args.get('enforce') === 'yes') await sandbox.setIamEnforcement(true)
  const pairs: SeedOptions[] = Array.from({ length: count }, (_, index) => ({ source: `fleet-src-${index % sources}`, destination: `fleet-dst-${index}` }))
  const endpoint = sandbox.endpoint
  process.stdout.write(`| pairs | concurrency | permission simulation | wall (s) | requests | passed |\n| --- | --- | --- | --- | --- | --- |\n`)
  for (const concurrency of [4, 16]) {
    for (const permissions of [false, true]) {
      const clients = createClients({ region: 'us-east-1', credentials: sandbox.credentials, endpoints: { s3: endpoint, s3control: endpoint, iam: endpoint, sts: endpoint, kms: endpoint } })
      sandbox.faults.resetStats()
      const started = performance.now()
      const result = await checkPairs(pairs, { clients, concurrency, permissions })
      const seconds = (performance.now() - started) / 1000
      const requests = Object.values(sandbox.faults.stats()).reduce((sum, operation) => sum + operation.calls, 0)
      const passed = result.pairs.filter((pair) => pair.passed).length
      process.stdout.write(`| ${count} | ${concurrency} | ${permissions ? 'yes' : 'no'} | ${seconds.toFixed(1)} | ${requests} | ${passed} of ${count} |\n`)
    }
  }
} finally {
  await sandbox.stop()
}
