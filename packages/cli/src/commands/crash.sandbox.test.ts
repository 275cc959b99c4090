import { CreateBucketCommand, ListMultipartUploadsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ListJobsCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { startSandbox, type Sandbox } from '@s3-seed/sandbox'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../test-support/run-cli.js'

// Issue #12's crash matrix: the CLI is killed with SIGKILL (no chance to clean up) at four points,
// then run again. Each re-run must reach the same end: one job for the pair (no duplicate), no
// unfinished multipart upload of the manifest left behind, every object copied.
let sandbox: Sandbox
let s3: S3Client
const bin = fileURLToPath(new URL('../../bin/s3-seed.js', import.meta.url))
// Keys of 1,000 `+`, each percent-encoded in the manifest as %2B: a line of ~3 KB, so 1,800 keys make a
// manifest over one 5 MiB part and the upload is multipart (a third of the objects plain keys would need).
const LONG = '+'.repeat(1000)
const LARGE_KEYS = 1800

beforeAll(async () => {
  sandbox = await startSandbox({ timing: { stageDelayMs: 5 } })
  s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials, maxAttempts: 10 })
  await s3.send(new CreateBucketCommand({ Bucket: 'crash-small' }))
  for (let index = 0; index < 40; index++) await s3.send(new PutObjectCommand({ Bucket: 'crash-small', Key: `k/${index}`, Body: `v${index}` }))
  await s3.send(new CreateBucketCommand({ Bucket: 'crash-large' }))
  for (let batch = 0; batch < LARGE_KEYS; batch += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, offset) => s3.send(new PutObjectCommand({ Bucket: 'crash-large', Key: `${LONG}/${batch + offset}`, Body: '', ContentLength: 0 }))))
  }
}, 180_000)
afterAll(async () => {
  await sandbox?.stop()
})

/** Runs the bin and SIGKILLs it once `killWhen` says so (checked on each output chunk and every 20 ms). */
async function runAndKill(args: string[], killWhen: (stdout: string) => Promise<boolean> | boolean): Promise<{ signal: string | null; stdout: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...sandbox.env } })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk))
  const exited = new Promise<string | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)))
  const watcher = setInterval(async () => {
    if (child.exitCode === null && !child.killed && (await killWhen(stdout))) child.kill('SIGKILL')
  }, 20)
  const signal = await exited
  clearInterval(watcher)
  return { signal, stdout }
}

async function uploadsOf(bucket: string): Promise<number> {
  return (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads?.length ?? 0
}

async function seedJobsFor(destination: string): Promise<string[]> {
  const control = new S3ControlClient({ region: 'us-east-1', credentials: sandbox.credentials, endpointProvider: () => ({ url: new URL(sandbox.endpoint) }) })
  const jobs = (await control.send(new ListJobsCommand({ AccountId: sandbox.accountId, MaxResults: 1000 }))).Jobs ?? []
  return jobs.filter((job) => job.Description?.endsWith(` -> ${destination}`)).map((job) => job.JobId ?? '')
}

type Case = [name: string, source: string, killWhen: (stdout: string, destination: string) => Promise<boolean> | boolean, setup?: () => void]
const cases: Case[] = [
  ['after the role is created', 'crash-small', (stdout) => /Created IAM role/.test(stdout)],
  // The first part's upload is held for 3 s, so the run is killed with the multipart upload open.
  ['during the manifest upload', 'crash-large', async () => (await uploadsOf('crash-large')) > 0, () => sandbox.faults.add({ operation: 'UploadPart', kind: 'delay', delayMs: 3000, count: 1 })],
  ['right after CreateJob', 'crash-small', (stdout) => /Created s3 batch job/.test(stdout), () => sandbox.setTiming({ taskDelayMs: 20, taskConcurrency: 2 })],
  ['while polling', 'crash-small', (stdout) => /State: Active/.test(stdout), () => sandbox.setTiming({ taskDelayMs: 20, taskConcurrency: 2 })],
]

describe('kill -9, then run again', () => {
  it.each(cases)('%s', { timeout: 180_000 }, async (name, source, killWhen, setup) => {
    const destination = `crash-dst-${cases.findIndex((entry) => entry[0] === name)}`
    await s3.send(new CreateBucketCommand({ Bucket: destination }))
    setup?.()
    const killed = await runAndKill([source, destination, '--poll-interval', '0.05'], (stdout) => killWhen(stdout, destination))
    expect(killed.signal, killed.stdout).toBe('SIGKILL')
    sandbox.setTiming({ taskDelayMs: 0 })

    const again = await runCli(sandbox, [source, destination, '--poll-interval', '0.05'])
    expect(again.exitCode, again.stderr).toBe(0)
    // The job the killed run created is followed, or (if it already ended) nothing is left to copy.
    expect(again.stdout).toMatch(/State: Complete, Total: \d+, Success: \d+, Failed 0\n$|Nothing to copy: all \d+ objects/)
    expect(await seedJobsFor(destination)).toHaveLength(1)
    expect(await uploadsOf(source)).toBe(0)
    const verified = await runCli(sandbox, ['verify', source, destination, '--json'])
    expect(JSON.parse(verified.stdout)).toMatchObject({ complete: true })
  })
})
