import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { startSandbox } from '@s3-seed/sandbox'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * `pnpm demo`: the replication-first story end to end on the local sandbox. A source bucket holds
 * 836 objects written before replication existed (awkward keys included). Replication is turned on
 * first, then the real `s3-seed SOURCE DESTINATION` CLI seeds the old objects while a writer keeps
 * creating, overwriting and deleting objects. The rule covers the whole bucket, so s3-seed chooses
 * Batch Replication, whose replicas keep their version IDs and dates. Live replication carries the
 * new writes, s3-seed the old objects, and `s3-seed verify` ends it: every current source object is
 * in the destination, byte for byte.
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
const body = (key: string, edition = 0) => `s3-seed demo object ${key} (edition ${edition})\n`.repeat(1 + ((key.length + edition) % 5))

const step = (text: string) => process.stdout.write(`\n== ${text}\n`)
const bin = join(dirname(createRequire(import.meta.url).resolve('s3-seed/package.json')), 'bin', 's3-seed.js')

step('Starting the local sandbox (moto + S3 Batch Operations + live replication)')
// S3's copy timing: a copy checks its conditions when it reads and lands 400 ms later, well after the
// 50 ms replication lag, so a copy could land over a newer replica (s3-seed must not let it).
const sandbox = await startSandbox({ timing: { stageDelayMs: 300, taskDelayMs: 5, copyLatencyMs: 400, copyConditionsAt: 'read', replicationLagMs: 50 } })
let exitCode = 1
try {
  const s3 = new S3Client({ region: sandbox.region, endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
  const runCli = (args: string[]) =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit', env: { ...process.env, ...sandbox.env } })
      child.on('exit', (code) => resolve(code ?? 1))
    })

  step(`Creating ${SOURCE} with ${OBJECTS} objects written before replication existed, and a versioned ${DESTINATION}`)
  for (const bucket of [SOURCE, DESTINATION]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
  }
  for (let start = 0; start < keys.length; start += 16) {
    await Promise.all(keys.slice(start, start + 16).map((key) => s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: key, Body: body(key) }))))
  }

  step(`Turning replication on first: ${SOURCE} -> ${DESTINATION} (new writes and deletes replicate from now on)`)
  await s3.send(
    new PutBucketReplicationCommand({
      Bucket: SOURCE,
      ReplicationConfiguration: {
        Role: `arn:aws:iam::${sandbox.accountId}:role/replication`,
        Rules: [{ ID: 'everything', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Enabled' }, Destination: { Bucket: `arn:aws:s3:::${DESTINATION}` } }],
      },
    }),
  )

  step(`npx s3-seed ${SOURCE} ${DESTINATION}   (while a writer adds 40, overwrites 20 and deletes 10 objects)`)
  let writing = true
  const written = { added: 0, overwritten: 0, deleted: 0 }
  const writer = (async () => {
    // Start once s3-seed has listed the bucket and uploaded its manifest, so the writes land while the job runs.
    while (writing && !((await s3.send(new ListObjectsV2Command({ Bucket: SOURCE, Prefix: '.s3-seed/manifests/' }))).KeyCount ?? 0)) await sleep(50)
    for (let round = 0; writing || round < 10; round++) {
      if (round < 40) {
        await s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: `new/${round}.json`, Body: body(`new/${round}.json`) }))
        written.added++
      }
      if (round < 20) {
        const key = keys[100 + round] as string
        await s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: key, Body: body(key, 1) }))
        written.overwritten++
      }
      if (round < 10) {
        await s3.send(new DeleteObjectCommand({ Bucket: SOURCE, Key: keys[200 + round] as string }))
        written.deleted++
      }
      if (round >= 40) break
      await sleep(60)
    }
  })()
  const seedExit = await runCli([SOURCE, DESTINATION, '--poll-interval', '0.5'])
  writing = false
  await writer
  process.stdout.write(`Writer: ${written.added} new objects, ${written.overwritten} overwritten, ${written.deleted} deleted during the seeding.\n`)

  step('Waiting for replication to carry the last writes')
  const current = await currentKeys(s3)
  for (let attempt = 0; attempt < 100; attempt++) {
    const statuses = await Promise.all(
      [`new/${written.added - 1}.json`, keys[100 + written.overwritten - 1] as string].map(async (key) => (await s3.send(new HeadObjectCommand({ Bucket: SOURCE, Key: key }))).ReplicationStatus),
    )
    if (statuses.every((status) => status === 'COMPLETED')) break
    await sleep(100)
  }
  const replica = await s3.send(new HeadObjectCommand({ Bucket: DESTINATION, Key: 'new/0.json' }))
  process.stdout.write(`new/0.json in ${DESTINATION}: replication status ${replica.ReplicationStatus ?? 'none'} (written by replication, not by the seeding)\n`)

  step(`npx s3-seed verify ${SOURCE} ${DESTINATION} --checksum   (sizes, then content by checksum)`)
  const verifyExit = await runCli(['verify', SOURCE, DESTINATION, '--checksum'])
  let identical = 0
  for (let start = 0; start < current.length; start += 16) {
    const results = await Promise.all(
      current.slice(start, start + 16).map(async (key) => {
        const [source, destination] = await Promise.all([SOURCE, DESTINATION].map(async (bucket) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString()))
        return source === destination
      }),
    )
    identical += results.filter(Boolean).length
  }
  process.stdout.write(`${identical} of ${current.length} current objects are byte-identical in ${DESTINATION}; s3-seed exited ${seedExit}, verify exited ${verifyExit}.\n`)
  exitCode = identical === current.length && seedExit === 0 && verifyExit === 0 ? 0 : 1
} finally {
  step('Stopping the sandbox')
  await sandbox.stop()
}
process.exitCode = exitCode

/** The source's current keys (s3-seed's own files aside). */
async function currentKeys(s3: S3Client): Promise<string[]> {
  const found: string[] = []
  let token: string | undefined
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: SOURCE, ...(token ? { ContinuationToken: token } : {}) }))
    for (const object of page.Contents ?? []) if (object.Key && !object.Key.startsWith('.s3-seed/')) found.push(object.Key)
    token = page.NextContinuationToken
  } while (token)
  return found
}
