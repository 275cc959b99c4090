import { GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { ListJobsCommand } from '@aws-sdk/client-s3-control'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { runCli, type CliRun } from '../test-support/run-cli.js'
import { FAST, useCliSandbox } from '../test-support/cli-sandbox.js'

// A forced copy under a live replication rule, with S3's copy timing: every copy reads its source when
// the job turns Active and lands 1.5 s later, long after the 10 ms replication lag. An overwrite of
// `k` (same size) in between is replicated at once, then the copy of the old body lands on top.
const cli = useCliSandbox()

/** Runs `s3-seed SRC DST --operation copy` and overwrites `k` once its job is Active. */
async function copyWhileOverwriting(extra: string[] = []): Promise<CliRun> {
  await cli.bucket('live-src', ['k', 'still'])
  await cli.bucket('live-dst')
  await cli.replicate('live-src', 'live-dst')
  cli.sandbox.setTiming({ copyLatencyMs: 1500, copyConditionsAt: 'read', replicationLagMs: 10 })
  const run = runCli(cli.sandbox, ['live-src', 'live-dst', '--operation', 'copy', ...FAST, ...extra])
  for (let tries = 0; tries < 500; tries++) {
    const { Jobs } = await cli.control.send(new ListJobsCommand({ AccountId: cli.sandbox.accountId, JobStatuses: ['Active'] }))
    if ((Jobs?.length ?? 0) > 0) break
    await sleep(10)
  }
  await cli.s3.send(new PutObjectCommand({ Bucket: 'live-src', Key: 'k', Body: 'body of K' }))
  return await run
}

const bodyOf = async (bucket: string, key: string) => (await cli.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString()

describe('s3-seed --operation copy under live writes', () => {
  it('removes its late copy that landed over a newer replica, says so, and exits 0', async () => {
    const run = await copyWhileOverwriting()
    // `still` may count as written too: it was put within the listing's own second.
    expect(run.stdout).toMatch(/Checking the [12] key\(s\) written to the source since the listing/)
    expect(run.stdout).toMatch(/Checked [12] key\(s\) written during the seeding \(replication settled in \d+ s\): 1 late copies removed \(1 stale, 0 resurrected\), the destination matches the source\nState: Complete, Total: 2, Success: 2, Failed 0\n$/)
    expect(run.exitCode).toBe(0)
    expect(await bodyOf('live-dst', 'k')).toBe('body of K')
    // The replica is current again, and the late copy is gone for good (no delete marker left).
    const { Versions, DeleteMarkers } = await cli.s3.send(new ListObjectVersionsCommand({ Bucket: 'live-dst', Prefix: 'k' }))
    expect(Versions?.length).toBe(1)
    expect(DeleteMarkers).toBeUndefined()
  })

  it('exits 1 naming the key whose replication failed, with the command that replicates it again; --json carries it', async () => {
    cli.sandbox.faults.add({ operation: 'Replication', keyPattern: '^k$', rate: 1, status: 500, code: 'InternalError' })
    const run = await copyWhileOverwriting(['--json'])
    expect(run.exitCode).toBe(1)
    const [pair] = JSON.parse(run.stdout).results as Array<{ convergence: { unconverged: Array<{ key: string; problem: string }>; nextCommands: string[] } }>
    expect(pair?.convergence.unconverged).toEqual([{ key: 'k', problem: 'replication-failed', detail: expect.stringContaining('FAILED') }])
    expect(pair?.convergence.nextCommands).toEqual(['s3-seed seed live-src live-dst --operation replicate', 's3-seed verify live-src live-dst --checksum'])
    expect(run.stderr).toContain('"k": replication-failed')
  })
})
