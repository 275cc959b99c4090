import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { describe, expect, it } from 'vitest'
import { seed } from '../seed.js'
import { createBucket, putObjects, replicate, sandboxClients, shortSleep } from '../test-support/sandbox.js'

// Every request s3-seed sends to a bucket carries the bucket's owner, as it leaves the client (the
// finalizeRequest step sees the HTTP request as it goes on the wire).
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

interface Sent {
  method: string
  path: string
  owner: string | undefined
  body: string
}

function capture(client: { middlewareStack: { add: (middleware: never, options: never) => void } }, sent: Sent[]): void {
  const middleware = (next: (args: unknown) => Promise<unknown>) => async (args: { request: { method: string; path: string; headers: Record<string, string>; body?: unknown } }) => {
    const { request } = args
    sent.push({ method: request.method, path: request.path, owner: request.headers['x-amz-expected-bucket-owner'], body: typeof request.body === 'string' ? request.body : '' })
    return next(args)
  }
  client.middlewareStack.add(middleware as never, { step: 'finalizeRequest', name: 'captureForTest' } as never)
}

describe('bucket owners on the wire', () => {
  it.each<[string, 'copy' | 'replicate']>([
    ['a copy job', 'copy'],
    ['Batch Replication', 'replicate'],
  ])('%s: every S3 request names the bucket owner, and CreateJob pins the report and manifest owners', async (_, operation) => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'owned-source', { versioned: true })
    await createBucket(clients, 'owned-destination', { versioned: true })
    await putObjects(clients, 'owned-source', ['a', 'b/c'])
    await replicate(clients, 'owned-source', 'owned-destination')
    const s3Requests: Sent[] = []
    const controlRequests: Sent[] = []
    capture(clients.s3('us-east-1') as never, s3Requests)
    capture(clients.s3control('us-east-1') as never, controlRequests)

    const result = await seed({ source: 'owned-source', destination: 'owned-destination', operation }, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    expect(result.kind).toBe('finished')
    const toBuckets = s3Requests.filter((request) => /^\/owned-/.test(request.path))
    expect(toBuckets.length).toBeGreaterThan(5)
    expect(toBuckets.filter((request) => request.owner !== sandbox.accountId)).toEqual([])

    const createJob = controlRequests.find((request) => request.method === 'POST' && request.path.endsWith('/v20180820/jobs'))
    const body = createJob?.body ?? ''
    expect(body).toContain(`<ExpectedBucketOwner>${sandbox.accountId}</ExpectedBucketOwner>`)
    if (operation === 'replicate') expect(body).toContain(`<ExpectedManifestBucketOwner>${sandbox.accountId}</ExpectedManifestBucketOwner>`)
  })

  it('refuses a destination pinned to another account before creating anything', async () => {
    const clients = sandboxClients(sandbox)
    await createBucket(clients, 'mine-source')
    await createBucket(clients, 'mine-destination')
    await putObjects(clients, 'mine-source', ['a'])
    const attempt = seed({ source: 'mine-source', destination: 'mine-destination', destinationAccount: '210987654321' }, { clients })
    await expect(attempt).rejects.toThrow(/DESTINATION bucket "mine-destination" is not owned by account 210987654321/)
  })
})
