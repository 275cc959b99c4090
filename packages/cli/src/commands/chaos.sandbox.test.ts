import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ListJobsCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../test-support/run-cli.js'

// Issue #12's chaos test: 10% of every S3, IAM, STS and S3 Control call fails (errors, resets and
// timeouts) and 10% of the tasks fail with 503 SlowDown, while 5 pairs × 200 objects are seeded
// attached. Every object must land, with one job per pair plus its retry jobs and no duplicate.
// The rules are seeded, so a run is repeatable; the figures go to the log for the closing note.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
const PAIRS = 5
const OBJECTS = 200

describe('chaos', () => {
  it('seeds 5 pairs × 200 objects through 10% faults everywhere, exit 0, every object copied', { timeout: 240_000 }, async () => {
    const s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
    const lines: string[] = []
    for (let pair = 0; pair < PAIRS; pair++) {
      await s3.send(new CreateBucketCommand({ Bucket: `chaos-src-${pair}` }))
      await s3.send(new CreateBucketCommand({ Bucket: `chaos-dst-${pair}` }))
      const puts = Array.from({ length: OBJECTS }, (_, index) => s3.send(new PutObjectCommand({ Bucket: `chaos-src-${pair}`, Key: `data/${index}.json`, Body: `{"pair":${pair},"n":${index}}` })))
      await Promise.all(puts)
      lines.push(`chaos-src-${pair},chaos-dst-${pair}`)
    }
    const file = join(mkdtempSync(join(tmpdir(), 's3-seed-chaos-')), 'pairs.csv')
    writeFileSync(file, `${lines.join('\n')}\n`)

    // Every API operation: 6% answered 503, 2% connection reset, 2% held then dropped (timeout).
    sandbox.faults.add({ operation: '*', except: ['Task', 'Replication'], rate: 0.06, seed: 11, status: 503, code: 'ServiceUnavailable', message: 'Injected: please retry' })
    sandbox.faults.add({ operation: '*', except: ['Task', 'Replication'], rate: 0.02 / 0.94, seed: 12, kind: 'reset' })
    sandbox.faults.add({ operation: '*', except: ['Task', 'Replication'], rate: 0.02 / 0.92, seed: 13, kind: 'timeout', delayMs: 200 })
    sandbox.faults.add({ operation: 'Task', rate: 0.1, seed: 14, status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' })

    const started = Date.now()
    const result = await runCli(sandbox, ['--pairs', file, '--concurrency', '5', '--retry-rounds', '6', '--json', '--poll-interval', '0.05'])
    const seconds = (Date.now() - started) / 1000
    const stats = sandbox.faults.stats()
    sandbox.faults.clear()

    const calls = Object.values(stats).reduce((sum, entry) => sum + entry.calls, 0)
    const injected = Object.values(stats).reduce((sum, entry) => sum + entry.injected, 0)
    const document = JSON.parse(result.stdout) as { exitCode: number; results: Array<{ jobId: string; totals: { succeeded: number; failed: number; jobIds: string[] }; rounds?: unknown[] }> }
    const rounds = document.results.reduce((sum, entry) => sum + (entry.rounds?.length ?? 0), 0)
    const retries = (result.stdout + result.stderr).match(/trying again in|Job not created yet/g)?.length ?? 0
    console.log(`chaos: ${calls} calls, ${injected} faults injected (tasks ${stats.Task?.injected ?? 0} of ${stats.Task?.calls ?? 0}), ${rounds} retry rounds, ${retries} s3-seed-level retries, ${seconds.toFixed(1)} s`)

    expect(result.exitCode, result.stderr).toBe(0)
    expect(injected).toBeGreaterThan(100)
    expect(stats.Task?.injected).toBeGreaterThan(100)
    for (const entry of document.results) expect(entry.totals).toMatchObject({ succeeded: OBJECTS, failed: 0 })

    // One job per pair, plus its retry jobs; no job twice.
    const control = new S3ControlClient({ region: 'us-east-1', credentials: sandbox.credentials, endpointProvider: () => ({ url: new URL(sandbox.endpoint) }) })
    const jobs = (await control.send(new ListJobsCommand({ AccountId: sandbox.accountId, MaxResults: 1000 }))).Jobs ?? []
    const seedJobs = jobs.filter((job) => !job.Description?.includes('(retry of'))
    expect(seedJobs.map((job) => job.Description).sort()).toEqual(lines.map((line) => `s3-seed: ${line.replace(',', ' -> ')}`).sort())
    const expectedIds = document.results.flatMap((entry) => entry.totals.jobIds).sort()
    expect(jobs.map((job) => job.JobId).sort()).toEqual(expectedIds)
    expect(new Set(expectedIds).size).toBe(expectedIds.length)

    // Every object, byte for byte, by the independent verify listing.
    for (let pair = 0; pair < PAIRS; pair++) {
      const verified = await runCli(sandbox, ['verify', `chaos-src-${pair}`, `chaos-dst-${pair}`, '--json'])
      expect(JSON.parse(verified.stdout)).toMatchObject({ complete: true, sourceObjects: OBJECTS, destinationObjects: OBJECTS })
    }
  })
})
