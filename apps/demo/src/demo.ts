import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { startSandbox } from '@s3-seed/sandbox'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * `pnpm demo`: the main job end to end on the local sandbox. Starts the sandbox, fills a source
 * bucket with 836 objects (awkward keys included), turns on replication to a versioned destination,
 * runs the real `s3-seed SOURCE DESTINATION` CLI attached, verifies every object byte for byte in the
 * destination, and stops the sandbox.
 */
// The pinned AWS SDK works on Node 20; its notice about future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const OBJECTS = 836
const SOURCE = 'demo-source'
const DESTINATION = 'demo-replica'

const AWKWARD = ['with space.txt', 'plus+sign.txt', 'percent%20.txt', 'comma,name.csv', `quote"s'.txt`, 'ünïcödé/日本語/😀.txt', 'deep/a/b/c/d/e/f/g/h.txt', 'symbols !*()~&=:@;$.txt']
const keys = Array.from({ length: OBJECTS }, (_, index) =>
  index < AWKWARD.length ? AWKWARD[index] as string : `photos/${2018 + (index % 7)}/${String(index).padStart(4, '0')}.jpg`,
)
const body = (key: string) => `s3-seed demo object ${key}\n`.repeat(1 + (key.length % 5))

const step = (text: string) => process.stdout.write(`\n== ${text}\n`)

step('Starting the local sandbox (moto + S3 Batch Operations)')
const sandbox = await startSandbox({ timing: { stageDelayMs: 300, taskDelayMs: 5 } })
let exitCode = 1
try {
  const s3 = new S3Client({ region: sandbox.region, endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
  step(`Creating ${SOURCE} with ${OBJECTS} objects and a replicated, versioned ${DESTINATION}`)
  for (const bucket of [SOURCE, DESTINATION]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
  }
  await s3.send(
    new PutBucketReplicationCommand({
      Bucket: SOURCE,
      ReplicationConfiguration: {
        Role: `arn:aws:iam::${sandbox.accountId}:role/replication`,
        Rules: [{ ID: 'everything', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${DESTINATION}` } }],
      },
    }),
  )
  for (let start = 0; start < keys.length; start += 16) {
    await Promise.all(keys.slice(start, start + 16).map((key) => s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: key, Body: body(key) }))))
  }

  step(`npx s3-seed ${SOURCE} ${DESTINATION}`)
  const bin = join(dirname(createRequire(import.meta.url).resolve('s3-seed/package.json')), 'bin', 's3-seed.js')
  const cliExit = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [bin, SOURCE, DESTINATION, '--poll-interval', '0.5'], {
      stdio: 'inherit',
      env: { ...process.env, ...sandbox.env },
    })
    child.on('exit', (code) => resolve(code ?? 1))
  })

  step(`Verifying ${DESTINATION}`)
  let identical = 0
  for (let start = 0; start < keys.length; start += 16) {
    const results = await Promise.all(
      keys.slice(start, start + 16).map(async (key) => {
        const { Body } = await s3.send(new GetObjectCommand({ Bucket: DESTINATION, Key: key }))
        return (await Body?.transformToString()) === body(key)
      }),
    )
    identical += results.filter(Boolean).length
  }
  process.stdout.write(`${identical} of ${OBJECTS} objects are byte-identical in ${DESTINATION}; s3-seed exited ${cliExit}.\n`)
  exitCode = identical === OBJECTS && cliExit === 0 ? 0 : 1
} finally {
  step('Stopping the sandbox')
  await sandbox.stop()
}
process.exitCode = exitCode
