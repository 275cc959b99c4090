import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { describe, expect, it } from 'vitest'
import { pollJob } from './poll-job.js'
import { retryFailedTasks } from './retry-failed-tasks.js'
import { seed } from '../seed.js'
import { createBucket, putObjects, sandboxClients, shortSleep } from '../test-support/sandbox.js'
import { verifyPair } from '../verify.js'

let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

describe('retryFailedTasks', () => {
  it('runs the failed tasks of a job again until the destination is complete (IAM enforced)', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'retry-source')
    await createBucket(clients, 'retry-destination')
    await putObjects(clients, 'retry-source', ['ok/1', 'ok/2', 'flaky/a b', 'flaky/c+d'])
    await sandbox.setIamEnforcement(true)
    sandbox.faults.add({ operation: 'Task', keyPattern: '^flaky/', count: 2, status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' })
    const first = await seed({ source: 'retry-source', destination: 'retry-destination' }, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    if (first.kind !== 'finished') throw new Error(first.kind)
    expect(first.report?.failed).toBe(2)

    const retried = await retryFailedTasks({ clients, accountId: sandbox.accountId, jobId: first.jobId, region: first.region })
    expect(retried).toMatchObject({ kind: 'created', objectCount: 2 })
    if (retried.kind !== 'created') throw new Error(retried.kind)
    expect(retried.manifest).toBe(`s3://retry-source/.s3-seed/manifests/retry-destination/retry-${first.jobId}.csv`)
    const outcome = await pollJob(clients.s3control(first.region), { accountId: sandbox.accountId, jobId: retried.jobId, region: first.region, sleep: shortSleep, intervalMs: 10 })
    expect(outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2, failed: 0, description: `s3-seed: retry-source -> retry-destination (retry of ${first.jobId})` } })
    const s3 = clients.s3('us-east-1')
    expect((await verifyPair({ sourceS3: s3, destinationS3: s3, source: 'retry-source', destination: 'retry-destination' })).complete).toBe(true)

    expect(await retryFailedTasks({ clients, accountId: sandbox.accountId, jobId: retried.jobId, region: first.region })).toEqual({ kind: 'nothing-failed' })
  })
})
