import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ListJobsCommand, S3ControlClient, type JobListDescriptor } from '@aws-sdk/client-s3-control'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../test-support/run-cli.js'

// Issue #12: the fleet under throttling. 60 pairs detached, 16 at once, while 15% of CreateJob
// calls answer 429 TooManyRequestsException: every job is created, each exactly once. The wall time is
// printed, not asserted: speed belongs in benchmarks. (Fewer pairs than a real fleet of 200: each
// costs the single-threaded moto about 20 calls, and 60 already keep 16 pairs in flight throughout.)
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
const PAIRS = 60

describe('60 pairs detached, 15% of CreateJob throttled', () => {
  it('creates every job exactly once', { timeout: 300_000 }, async () => {
    const s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
    const lines: string[] = []
    for (let batch = 0; batch < PAIRS; batch += 20) {
      await Promise.all(
        Array.from({ length: 20 }, async (_, offset) => {
          const index = batch + offset
          await s3.send(new CreateBucketCommand({ Bucket: `fleet-src-${index}` }))
          await s3.send(new CreateBucketCommand({ Bucket: `fleet-dst-${index}` }))
          await s3.send(new PutObjectCommand({ Bucket: `fleet-src-${index}`, Key: `object-${index}`, Body: 'x' }))
        }),
      )
    }
    for (let index = 0; index < PAIRS; index++) lines.push(`fleet-src-${index},fleet-dst-${index}`)
    const file = join(mkdtempSync(join(tmpdir(), 's3-seed-fleet-')), 'pairs.csv')
    writeFileSync(file, `${lines.join('\n')}\n`)
    sandbox.faults.add({ operation: 'CreateJob', rate: 0.15, seed: 7, status: 429, code: 'TooManyRequestsException', message: 'Rate exceeded' })

    const started = Date.now()
    const result = await runCli(sandbox, ['--pairs', file, '--detach', '--concurrency', '16'])
    const seconds = (Date.now() - started) / 1000
    const throttled = sandbox.faults.stats().CreateJob
    console.log(`fleet: ${PAIRS} pairs detached in ${seconds.toFixed(1)} s; CreateJob ${throttled?.calls} calls, ${throttled?.injected} throttled`)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(throttled?.injected).toBeGreaterThan(5)

    const control = new S3ControlClient({ region: 'us-east-1', credentials: sandbox.credentials, endpointProvider: () => ({ url: new URL(sandbox.endpoint) }) })
    const jobs: JobListDescriptor[] = []
    let token: string | undefined
    do {
      const page = await control.send(new ListJobsCommand({ AccountId: sandbox.accountId, MaxResults: 100, ...(token ? { NextToken: token } : {}) }))
      jobs.push(...(page.Jobs ?? []))
      token = page.NextToken
    } while (token)
    expect(jobs.map((job) => job.Description).sort()).toEqual(lines.map((line) => `s3-seed: ${line.replace(',', ' -> ')}`).sort())
    const created = [...result.stdout.matchAll(/Created s3 batch job: (\S+)/g)].map((match) => match[1])
    expect(new Set(created).size).toBe(PAIRS)
    expect(created.sort()).toEqual(jobs.map((job) => job.JobId).sort())
  })
})
