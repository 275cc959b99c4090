import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ListJobsCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli, scrub } from '../test-support/run-cli.js'

// Issue #12 on the sandbox: an attached run outlives a DescribeJob outage, runs transiently failed
// tasks again by itself, and on Ctrl-C leaves its job running and says how to follow or stop it.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
const FAST = ['--poll-interval', '0.02']

async function pair(keys: string[]): Promise<void> {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
  for (const bucket of ['rel-source', 'rel-destination']) await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'rel-source', Key: key, Body: `body of ${key}` }))
}

async function jobs() {
  const control = new S3ControlClient({ region: 'us-east-1', credentials: sandbox.credentials, endpointProvider: () => ({ url: new URL(sandbox.endpoint) }) })
  return (await control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))).Jobs ?? []
}

describe('an attached run', () => {
  it('follows its job through a DescribeJob outage, saying what fails and when it tries again', async () => {
    await pair(['a', 'b', 'c'])
    // More consecutive failures than the SDK's own 5 attempts absorb: s3-seed's outage retry must act.
    sandbox.faults.add({ operation: 'DescribeJob', count: 8, status: 500, code: 'InternalServiceException', message: 'We encountered an internal error.' })
    sandbox.faults.add({ operation: 'DescribeJob', count: 4, status: 429, code: 'TooManyRequestsException', message: 'Rate exceeded' })
    const result = await runCli(sandbox, ['rel-source', 'rel-destination', ...FAST])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/Describing job [0-9a-f-]{36} failed \((InternalServiceException|TooManyRequestsException): .*\); trying again in \d+ s \(failing for \d+ s; s3-seed gives up after 15 min, --max-poll-outage; the job runs on either way\)/)
    expect(result.stdout).toMatch(/State: Complete, Total: 3, Success: 3, Failed 0\n$/)
  })

  it('runs tasks that failed with 503 SlowDown again as a retry job, and exits 0 when all landed', async () => {
    const keys = Array.from({ length: 60 }, (_, index) => `k/${String(index).padStart(2, '0')}`)
    await pair(keys)
    sandbox.faults.add({ operation: 'Task', count: 25, status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' })
    const result = await runCli(sandbox, ['rel-source', 'rel-destination', '--json', ...FAST])
    expect(result.exitCode).toBe(0)
    const [entry] = (JSON.parse(result.stdout) as { results: Array<Record<string, any>> }).results
    expect(entry?.job).toMatchObject({ total: 60, succeeded: 35, failed: 25 })
    expect(entry?.rounds).toHaveLength(1)
    expect(entry?.rounds[0]).toMatchObject({ round: 1, objectCount: 25, outcome: { state: 'complete', job: { total: 25, succeeded: 25, failed: 0 } } })
    expect(entry?.totals).toEqual({ total: 60, succeeded: 60, failed: 0, changedOrGone: 0, jobIds: [entry?.jobId, entry?.rounds[0].jobId] })
    expect(result.stderr).toMatch(/Retry round 1 of 2: 25 tasks of job \S+ failed for a transient reason; running them again as job \S+/)
    expect(await jobs()).toHaveLength(2)
  })

  it('does not retry permanent failures, and with --retry-rounds 0 nothing is retried', async () => {
    await pair(['ok', 'denied/1', 'slow/1'])
    sandbox.faults.add({ operation: 'Task', keyPattern: '^denied/', count: 1, status: 403, code: 'AccessDenied', message: 'Access Denied' })
    sandbox.faults.add({ operation: 'Task', keyPattern: '^slow/', count: 1, status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' })
    const result = await runCli(sandbox, ['rel-source', 'rel-destination', ...FAST])
    expect(result.exitCode).toBe(1)
    const lines = scrub(result.stdout).split('\n')
    expect(lines).toContain('Retry round 1 (job <job-id>): State: Complete, Total: 1, Success: 1, Failed 0')
    expect(lines).toContain('After 1 retry round(s): 2 of 3 tasks succeeded, 1 failed')
    expect(lines.at(-2)).toBe('Run the failed tasks again with: s3-seed retry <job-id> --region us-east-1')

    await sandbox.reset()
    await pair(['slow/2'])
    sandbox.faults.add({ operation: 'Task', count: 1, status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' })
    const off = await runCli(sandbox, ['rel-source', 'rel-destination', '--retry-rounds', '0', ...FAST])
    expect(off.exitCode).toBe(1)
    expect(off.stdout).not.toMatch(/Retry round/)
    expect(await jobs()).toHaveLength(1)
  })
})

describe('Ctrl-C while attached', () => {
  it('stops polling, prints how to follow and cancel the job, exits 130, and leaves the job running', async () => {
    sandbox.setTiming({ taskDelayMs: 100, taskConcurrency: 1 })
    await pair(Array.from({ length: 30 }, (_, index) => `k${index}`))
    const bin = fileURLToPath(new URL('../../bin/s3-seed.js', import.meta.url))
    const child = spawn(process.execPath, [bin, 'rel-source', 'rel-destination', '--poll-interval', '0.05'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...sandbox.env },
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk
      if (/State: Active/.test(stdout) && !child.killed) child.kill('SIGINT')
    })
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(130)
    const jobId = /Created s3 batch job: (\S+)/.exec(stdout)?.[1] as string
    expect(stdout).toContain(`Stopped waiting; job ${jobId} keeps running. Follow it: s3-seed watch ${jobId} --region us-east-1   Stop it: s3-seed cancel ${jobId} --region us-east-1`)
    expect(stderr).toContain('Interrupted: stopping. Jobs already created keep running')
    const [job] = await jobs()
    expect(job?.Status).toMatch(/^(Active|Completing|Complete)$/)
  })
})
