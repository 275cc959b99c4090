import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SeedClients } from '../aws/clients.js'
import { ManifestUpload, MIN_PART_SIZE } from './manifest-upload.js'
import { createBucket, sandboxClients } from '../test-support/sandbox.js'
import { useSandbox } from '@s3-seed/sandbox/testing'

let sandbox: Sandbox
let clients: SeedClients

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 }, resetEachTest: false })
beforeAll(async () => {
  clients = sandboxClients(sandbox)
  await createBucket(clients, 'uploads')
})

async function read(key: string): Promise<string> {
  const { Body } = await clients.s3('us-east-1').send(new GetObjectCommand({ Bucket: 'uploads', Key: key }))
  return (await Body?.transformToString()) ?? ''
}

describe('ManifestUpload', () => {
  it('sends a small object with one PutObject, SSE-S3', async () => {
    const upload = new ManifestUpload(clients.s3('us-east-1'), { bucket: 'uploads', key: 'small.csv' })
    await upload.write('b,a\n')
    await upload.write('b,ü\n')
    const etag = await upload.complete()
    expect(etag).toMatch(/^[0-9a-f]{32}$/)
    expect(await read('small.csv')).toBe('b,a\nb,ü\n')
    expect((await clients.s3('us-east-1').send(new HeadObjectCommand({ Bucket: 'uploads', Key: 'small.csv' }))).ServerSideEncryption).toBe('AES256')
  })

  it('streams a large object in parts, across writes larger than a part and multi-byte characters', async () => {
    const upload = new ManifestUpload(clients.s3('us-east-1'), { bucket: 'uploads', key: 'large.csv' })
    const lines: string[] = []
    for (let page = 0; page < 160; page++) {
      const text = Array.from({ length: 1000 }, (_, i) => `bucket,key-ü-${page}-${i}-${'x'.repeat(50)}\n`).join('')
      lines.push(text)
      await upload.write(text)
    }
    const huge = 'y'.repeat(MIN_PART_SIZE + 123) + '\n'
    lines.push(huge)
    await upload.write(huge)
    const etag = await upload.complete()
    expect(etag).toMatch(/-\d+$/) // a multipart ETag
    const expected = lines.join('')
    const actual = await read('large.csv')
    expect(actual.length).toBe(expected.length)
    expect(actual === expected).toBe(true)
  })

  it('aborts an unfinished multipart upload', async () => {
    const upload = new ManifestUpload(clients.s3('us-east-1'), { bucket: 'uploads', key: 'aborted.csv' })
    await upload.write('z'.repeat(MIN_PART_SIZE + 10))
    await upload.abort()
    const { Uploads } = await clients.s3('us-east-1').send(new ListMultipartUploadsCommand({ Bucket: 'uploads' }))
    expect((Uploads ?? []).filter((entry) => entry.Key === 'aborted.csv')).toEqual([])
  })
})
