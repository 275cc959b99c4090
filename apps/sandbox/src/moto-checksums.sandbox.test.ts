import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3'
import { crc32 } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from './sandbox.js'
import { boto3Script, independentClientEnv } from './test-support/cli.js'
import { testClients, type TestClients } from './test-support/clients.js'
import { createVersionedBucket, putReplication, rule } from './test-support/replication.js'
import { useSandbox } from './testing.js'

// Patch 8 (moto/s3seed_checksums.py): HeadObject with checksum mode answers what S3 keeps for each
// kind of write. The expected values are computed here, or checked by the SDK's own CRC64NVME (a
// GetObject with checksum mode fails on a wrong value), never read back from the sandbox alone.
let sandbox: Sandbox
let aws: TestClients
/** Sends no checksum of its own, as an old client or `requestChecksumCalculation: WHEN_REQUIRED` does. */
let bare: S3Client
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

beforeEach(async () => {
  aws = testClients(sandbox)
  bare = new S3Client({ region: sandbox.region, credentials: sandbox.credentials, endpoint: sandbox.endpoint, forcePathStyle: true, maxAttempts: 1, requestChecksumCalculation: 'WHEN_REQUIRED' })
  for (const bucket of ['sums', 'sums-replica']) await createVersionedBucket(aws.s3, bucket)
})

/** The checksum fields of a HEAD with checksum mode. */
async function checksumOf(key: string, bucket = 'sums') {
  const head = await aws.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }))
  return Object.fromEntries(Object.entries(head).filter(([name, value]) => name.startsWith('Checksum') && value !== undefined))
}

const base64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64')
const crc32Of = (text: string | Buffer) => base64(crc32(text).toString(16).padStart(8, '0'))
const PART = Buffer.alloc(5 * 1024 * 1024, 'a')

async function multipart(key: string, algorithm?: ChecksumAlgorithm): Promise<void> {
  const { UploadId } = await aws.s3.send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: key, ...(algorithm ? { ChecksumAlgorithm: algorithm } : {}) }))
  const parts = []
  for (const [index, body] of [PART, Buffer.from('tail')].entries()) {
    const client = algorithm ? aws.s3 : bare
    const part = await client.send(new UploadPartCommand({ Bucket: 'sums', Key: key, UploadId, PartNumber: index + 1, Body: body, ...(algorithm ? { ChecksumAlgorithm: algorithm } : {}) }))
    parts.push({ PartNumber: index + 1, ETag: part.ETag, ...(algorithm === 'CRC32' ? { ChecksumCRC32: part.ChecksumCRC32 } : {}) })
  }
  await aws.s3.send(new CompleteMultipartUploadCommand({ Bucket: 'sums', Key: key, UploadId, MultipartUpload: { Parts: parts } }))
}

describe('checksums (moto patch 8)', () => {
  it('gives an upload without a checksum a full-object CRC64NVME (the check value of 123456789), which the SDK verifies on GET', async () => {
    await bare.send(new PutObjectCommand({ Bucket: 'sums', Key: 'plain', Body: '123456789' }))
    expect(await checksumOf('plain')).toEqual({ ChecksumCRC64NVME: base64('ae8b14860a799888'), ChecksumType: 'FULL_OBJECT' })
    await bare.send(new PutObjectCommand({ Bucket: 'sums', Key: 'other', Body: 'some other body' }))
    const get = await aws.s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'other', ChecksumMode: 'ENABLED' }))
    expect(await get.Body?.transformToString()).toBe('some other body')
    expect(get.ChecksumCRC64NVME).toBeDefined()
  })

  it("keeps the SDK's default CRC32 as a FULL_OBJECT checksum, and a copy keeps algorithm, value and type", async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: 'sums', Key: 'sdk', Body: 'hello from the SDK' }))
    const expected = { ChecksumCRC32: crc32Of('hello from the SDK'), ChecksumType: 'FULL_OBJECT' }
    expect(await checksumOf('sdk')).toEqual(expected)
    await aws.s3.send(new CopyObjectCommand({ Bucket: 'sums', Key: 'copy', CopySource: 'sums/sdk' }))
    expect(await checksumOf('copy')).toEqual(expected)
  })

  it('computes CRC32C for a copy that asks for it (moto alone would answer a CRC32)', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: 'sums', Key: 'digits', Body: '123456789' }))
    await aws.s3.send(new CopyObjectCommand({ Bucket: 'sums', Key: 'digits-c', CopySource: 'sums/digits', ChecksumAlgorithm: 'CRC32C' }))
    expect(await checksumOf('digits-c')).toEqual({ ChecksumCRC32C: base64('e3069283'), ChecksumType: 'FULL_OBJECT' })
  })

  it('answers a multipart CRC32 upload as COMPOSITE with its part count, and one without an algorithm as a full-object CRC64NVME', async () => {
    await multipart('composite', 'CRC32')
    const partSums = Buffer.concat([PART, Buffer.from('tail')].map((part) => Buffer.from(crc32(part).toString(16).padStart(8, '0'), 'hex')))
    expect(await checksumOf('composite')).toEqual({ ChecksumCRC32: `${crc32Of(partSums)}-2`, ChecksumType: 'COMPOSITE' })
    await multipart('full')
    expect(await checksumOf('full')).toEqual({ ChecksumCRC64NVME: expect.any(String), ChecksumType: 'FULL_OBJECT' })
    const get = await aws.s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'full', ChecksumMode: 'ENABLED' }))
    expect((await get.Body?.transformToByteArray())?.length).toBe(PART.length + 4)
  })

  it("gives a replica the source's checksum", async () => {
    await putReplication(aws.s3, 'sums', 'arn:aws:iam::123456789012:role/replication', [rule('sums-replica')])
    await bare.send(new PutObjectCommand({ Bucket: 'sums', Key: 'replicated', Body: 'replicate me' }))
    await multipart('replicated-parts', 'CRC32')
    await sandbox.replication.drain()
    for (const key of ['replicated', 'replicated-parts']) expect(await checksumOf(key, 'sums-replica')).toEqual(await checksumOf(key))
  })

  it('boto3 reads the same checksums', { timeout: 60_000 }, async () => {
    const result = await boto3Script(
      independentClientEnv(sandbox),
      String.raw`
import boto3, json
from botocore.config import Config
s3 = boto3.client("s3", config=Config(request_checksum_calculation="when_required"))
s3.put_object(Bucket="sums", Key="py", Body=b"123456789")
head = s3.head_object(Bucket="sums", Key="py", ChecksumMode="ENABLED")
print(json.dumps({"crc64nvme": head.get("ChecksumCRC64NVME"), "type": head.get("ChecksumType")}))
`,
    )
    expect(result).toEqual({ crc64nvme: base64('ae8b14860a799888'), type: 'FULL_OBJECT' })
  })
})
