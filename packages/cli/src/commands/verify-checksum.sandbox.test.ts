import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FAST, useCliSandbox } from '../test-support/cli-sandbox.js'
import { runCli } from '../test-support/run-cli.js'

// verify --checksum against the sandbox, whose moto answers checksums as S3 does (moto patch 8).
const cli = useCliSandbox()
const { bucket, dir } = cli

describe('s3-seed verify --checksum', () => {
  it('finds a same-size overwrite that plain verify passes, prints the charge first and writes content-differs to the CSV', async () => {
    await bucket('cli-source', ['a', 'b c', 'd+e', 'ü/😀'])
    await bucket('cli-destination')
    expect((await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST])).exitCode).toBe(0)
    // 'body of d+e' → same length, other bytes.
    await cli.s3.send(new PutObjectCommand({ Bucket: 'cli-destination', Key: 'd+e', Body: 'body of D+E' }))
    expect((await runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination'])).exitCode).toBe(0)

    const csvFile = join(dir, 'content.csv')
    const run = await runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination', '--checksum', '--csv', csvFile])
    expect(run.exitCode).toBe(1)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toMatch(/^--checksum sends up to 2 HeadObject requests per object .*: at most \$0\.80 per million objects/)
    expect(run.stdout).toMatch(/differing +0\n/)
    expect(run.stdout).toMatch(/content differs +1 +e\.g\. "d\+e"/)
    expect(run.stdout).toMatch(/not comparable +0\n/)
    expect(run.stdout).toContain('Content of 4 same-size objects checked with 8 HeadObject requests (less than $0.01): 4 by full-object checksum, 0 by identical composite checksums, 0 by MD5 ETag.')
    expect(run.stdout).toContain('Incomplete: 1 objects are missing or differ in cli-destination.')
    const rows = readFileSync(csvFile, 'utf8').trim().split('\n')
    expect(rows[0]).toBe('kind,key,source_size,destination_size,source_etag,destination_etag,source_checksum,destination_checksum,detail')
    expect(rows.slice(1)).toEqual([expect.stringMatching(/^content-differs,"d\+e",11,11,\w+,\w+,CRC32:[^,]+,CRC32:[^,]+,"CRC32 checksums differ"$/)])
  })

  it('reports what it cannot compare, exits 0 when nothing differs, and gives the counts in --json', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination', ['a'])
    // Composite CRC32s of an SSE-KMS multipart upload against the same bytes written in one piece.
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 'z')
    const { UploadId } = await cli.s3.send(new CreateMultipartUploadCommand({ Bucket: 'cli-source', Key: 'big', ChecksumAlgorithm: 'CRC32', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/data' }))
    const parts = []
    for (const [index, body] of [big.subarray(0, 5 * 1024 * 1024), big.subarray(5 * 1024 * 1024)].entries()) {
      const part = await cli.s3.send(new UploadPartCommand({ Bucket: 'cli-source', Key: 'big', UploadId, PartNumber: index + 1, Body: body, ChecksumAlgorithm: 'CRC32' }))
      parts.push({ PartNumber: index + 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 })
    }
    await cli.s3.send(new CompleteMultipartUploadCommand({ Bucket: 'cli-source', Key: 'big', UploadId, MultipartUpload: { Parts: parts } }))
    await cli.s3.send(new PutObjectCommand({ Bucket: 'cli-destination', Key: 'big', Body: big }))

    const csvFile = join(dir, 'not-comparable.csv')
    const run = await runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination', '--checksum', '--json', '--csv', csvFile])
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({
      complete: true,
      content: { checked: 2, comparedBy: { checksum: 1, compositeChecksum: 0, etag: 0 }, differs: { count: 0 }, notComparable: { count: 1, examples: ['big'] }, headRequests: 4 },
    })
    expect(run.stderr).toContain('NOT COMPARABLE: the content of 1 objects was not checked')
    expect(run.stderr).toContain('Complete: every object of cli-source is in cli-destination (not all compared by content).')
    expect(readFileSync(csvFile, 'utf8').trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^not-comparable,"big",5242881,5242881,\w+-2,\w+,CRC32:[^,]+-2,CRC32:[^,]+,"not comparable: no checksum of the same kind \(CRC32 composite and CRC32 full-object\).*SSE-KMS.*"$/),
    ])
  })

  it('shows its progress on a terminal', async () => {
    await bucket('cli-source', ['a', 'b'])
    await bucket('cli-destination', ['a', 'b'])
    const run = await runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination', '--checksum'], { isTTY: true })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/\r\x1b\[2KListed 2 source and 2 destination objects; content checked for \d \(\d HEAD requests, \d+ in flight\)/)
    expect(run.stdout).toContain('Complete: every object of cli-source is in cli-destination, with the same content.')
  })
})
