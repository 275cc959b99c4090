import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SeedClients } from './aws/clients.js'
import { verifyPair, type Difference } from './verify.js'
import { createBucket, putObjects, sandboxClients } from './test-support/sandbox.js'

let sandbox: Sandbox
let clients: SeedClients
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

// Keys whose UTF-8 order differs from JavaScript's string order, to check the merge follows S3's.
const KEYS = ['a', 'b b', 'c+d', 'dir/x', 'dir/y', '\uffff', '😀', 'ü']

beforeEach(async () => {
  clients = sandboxClients(sandbox)
  await createBucket(clients, 'verify-source')
  await createBucket(clients, 'verify-destination')
  await putObjects(clients, 'verify-source', KEYS)
  await putObjects(clients, 'verify-destination', KEYS)
})

const verify = (compareEtags = false, onDifference?: (difference: Difference) => void) =>
  verifyPair({
    sourceS3: clients.s3('us-east-1'),
    destinationS3: clients.s3('us-east-1'),
    source: 'verify-source',
    destination: 'verify-destination',
    compareEtags,
    ...(onDifference ? { onDifference } : {}),
  })

describe('verifyPair', () => {
  it('reports a complete copy as complete', async () => {
    expect(await verify(true)).toEqual({
      sourceObjects: KEYS.length,
      destinationObjects: KEYS.length,
      missing: { count: 0, examples: [] },
      extra: { count: 0, examples: [] },
      differing: { count: 0, examples: [] },
      complete: true,
    })
  })

  it('finds a deleted, a modified and an extra destination object', async () => {
    const s3 = clients.s3('us-east-1')
    await s3.send(new DeleteObjectCommand({ Bucket: 'verify-destination', Key: '😀' }))
    await s3.send(new PutObjectCommand({ Bucket: 'verify-destination', Key: 'dir/x', Body: 'changed, and longer than before' }))
    await s3.send(new PutObjectCommand({ Bucket: 'verify-destination', Key: 'only-here', Body: 'x' }))
    await s3.send(new PutObjectCommand({ Bucket: 'verify-destination', Key: '.s3-seed/reports/r.csv', Body: 'ignored' }))
    const differences: Difference[] = []
    const result = await verify(false, (difference) => differences.push(difference))
    expect(result).toMatchObject({
      sourceObjects: KEYS.length,
      destinationObjects: KEYS.length,
      missing: { count: 1, examples: ['😀'] },
      extra: { count: 1, examples: ['only-here'] },
      differing: { count: 1, examples: ['dir/x'] },
      complete: false,
    })
    expect(differences.map((difference) => [difference.kind, difference.key])).toEqual([
      ['differing', 'dir/x'],
      ['extra', 'only-here'],
      ['missing', '😀'],
    ])
  })

  it('compares ETags only when asked', async () => {
    await clients.s3('us-east-1').send(new PutObjectCommand({ Bucket: 'verify-destination', Key: 'a', Body: 'content of A' }))
    expect((await verify(false)).complete).toBe(true)
    expect((await verify(true)).differing).toEqual({ count: 1, examples: ['a'] })
  })
})
