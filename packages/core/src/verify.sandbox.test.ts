import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3'
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

describe('verifyPair with checksum', () => {
  const verifyContent = (onDifference?: (difference: Difference) => void) =>
    verifyPair({
      sourceS3: clients.s3('us-east-1'),
      destinationS3: clients.s3('us-east-1'),
      source: 'verify-source',
      destination: 'verify-destination',
      checksum: true,
      ...(onDifference ? { onDifference } : {}),
    })

  it('finds a same-size overwrite that a size comparison passes, with two HEADs per object', async () => {
    const s3 = clients.s3('us-east-1')
    await s3.send(new PutObjectCommand({ Bucket: 'verify-destination', Key: 'dir/x', Body: 'content of dir/X' }))
    expect((await verify(false)).complete).toBe(true)
    const differences: Difference[] = []
    const result = await verifyContent((difference) => differences.push(difference))
    expect(result).toMatchObject({
      differing: { count: 0 },
      content: {
        checked: KEYS.length,
        comparedBy: { checksum: KEYS.length, compositeChecksum: 0, etag: 0 },
        differs: { count: 1, examples: ['dir/x'] },
        notComparable: { count: 0, examples: [] },
        headRequests: 2 * KEYS.length,
        costUsd: (2 * KEYS.length * 0.0004) / 1000,
      },
      complete: false,
    })
    expect(differences).toEqual([
      expect.objectContaining({ kind: 'content-differs', key: 'dir/x', content: expect.objectContaining({ detail: 'CRC32 checksums differ', sourceChecksum: expect.stringMatching(/^CRC32:/) }) }),
    ])
  })

  it('rides out SlowDown on HeadObject (the SDK retries) and stops on AccessDenied, naming the permission', async () => {
    // Four SlowDowns, fewer than the client's 5 attempts: every HEAD gets through, whatever order the
    // HEADs go in (a 30% rate could fail one request 5 times in a row on a loaded machine).
    sandbox.faults.add({ operation: 'HeadObject', status: 503, code: 'SlowDown', count: 4 })
    const retrying = sandboxClients(sandbox, 'us-east-1', 5)
    const result = await verifyPair({ sourceS3: retrying.s3('us-east-1'), destinationS3: retrying.s3('us-east-1'), source: 'verify-source', destination: 'verify-destination', checksum: true })
    expect(sandbox.faults.stats().HeadObject?.injected).toBe(4)
    expect(result.content).toMatchObject({ checked: KEYS.length, differs: { count: 0 }, notComparable: { count: 0 }, headRequests: 2 * KEYS.length })
    sandbox.faults.clear()
    sandbox.faults.add({ operation: 'HeadObject', status: 403, code: 'AccessDenied' })
    await expect(verifyContent()).rejects.toThrow(/Reading s3:\/\/verify-source\/.* \(HeadObject, HTTP 403\) failed.*needs s3:GetObject on both buckets/)
  })

  it('counts a key deleted between the listing and its HEAD as not comparable', async () => {
    // The source's HEAD of dir/y answers 404, as it would right after a delete.
    sandbox.faults.add({ operation: 'HeadObject', status: 404, code: 'NotFound', keyPattern: '^dir/y$', count: 1 })
    const result = await verifyContent()
    expect(result.content).toMatchObject({ checked: KEYS.length, notComparable: { count: 1, examples: ['dir/y'] }, headRequests: 2 * KEYS.length - 1 })
    expect(result.complete).toBe(true)
  })

  it('falls back to MD5 ETags across checksum algorithms, and says where it cannot tell', async () => {
    const s3 = clients.s3('us-east-1')
    await s3.send(new PutObjectCommand({ Bucket: 'verify-source', Key: 'a', Body: 'content of a', ChecksumAlgorithm: 'SHA256' }))
    // A multipart SSE-KMS upload with composite CRC32s, and the same bytes written in one piece.
    const big = Buffer.alloc(5 * 1024 * 1024 + 3, 'k')
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'verify-source', Key: 'b b', ChecksumAlgorithm: 'CRC32', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/data' }))
    const parts = []
    for (const [index, body] of [big.subarray(0, 5 * 1024 * 1024), big.subarray(5 * 1024 * 1024)].entries()) {
      const part = await s3.send(new UploadPartCommand({ Bucket: 'verify-source', Key: 'b b', UploadId, PartNumber: index + 1, Body: body, ChecksumAlgorithm: 'CRC32' }))
      parts.push({ PartNumber: index + 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 })
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'verify-source', Key: 'b b', UploadId, MultipartUpload: { Parts: parts } }))
    await s3.send(new PutObjectCommand({ Bucket: 'verify-destination', Key: 'b b', Body: big }))
    const differences: Difference[] = []
    const result = await verifyContent((difference) => differences.push(difference))
    expect(result.content).toMatchObject({
      checked: KEYS.length,
      comparedBy: { checksum: KEYS.length - 2, etag: 1 },
      differs: { count: 0 },
      notComparable: { count: 1, examples: ['b b'] },
    })
    expect(result.complete).toBe(true)
    expect(differences).toEqual([
      expect.objectContaining({ kind: 'not-comparable', key: 'b b', content: expect.objectContaining({ detail: expect.stringMatching(/^not comparable: no checksum of the same kind \(CRC32 composite and CRC32 full-object\).*source's is SSE-KMS/) }) }),
    ])
  })
})
