import { DeleteObjectCommand, HeadObjectCommand, PutBucketReplicationCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../test-support/run-cli.js'
import { FAST, useCliSandbox } from '../test-support/cli-sandbox.js'

// --from-replication, retry and verify against the sandbox.
const cli = useCliSandbox()
const { bucket, dir } = cli

describe('s3-seed --from-replication', () => {
  it('lists what each rule gives, then seeds those pairs', async () => {
    await bucket('cli-source', ['logs/a', 'other/b'])
    await bucket('cli-destination')
    await cli.s3.send(
      new PutBucketReplicationCommand({
        Bucket: 'cli-source',
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::123456789012:role/replication',
          Rules: [{ ID: 'logs', Priority: 1, Status: 'Enabled', Filter: { Prefix: 'logs/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::cli-destination', StorageClass: 'STANDARD_IA' } }],
        },
      }),
    )
    const dry = await runCli(cli.sandbox, ['--from-replication', 'cli-source', '--dry-run'])
    expect(dry.exitCode).toBe(0)
    expect(dry.stdout).toContain('Replication rules found: 1\n  cli-source rule logs -> cli-destination: seed (prefix logs/, storage class STANDARD_IA, destination default encryption, no ACL)\n')
    expect(dry.stdout).toContain('cli-source/logs/ (us-east-1): 1 objects to copy')
    const run = await runCli(cli.sandbox, ['--from-replication', 'cli-source', ...FAST])
    expect(run.exitCode).toBe(0)
    expect((await cli.s3.send(new HeadObjectCommand({ Bucket: 'cli-destination', Key: 'logs/a' }))).StorageClass).toBe('STANDARD_IA')
    await expect(cli.s3.send(new HeadObjectCommand({ Bucket: 'cli-destination', Key: 'other/b' }))).rejects.toThrow()
  })
})

describe('s3-seed retry', () => {
  it('copies what failed, from the completion report', async () => {
    await bucket('cli-source', ['fine', 'flaky/1', 'flaky/2'])
    await bucket('cli-destination')
    cli.sandbox.faults.add({ operation: 'Task', keyPattern: '^flaky/', count: 2, status: 500, code: 'InternalError' })
    // Without automatic retry rounds, so the failures are left for the retry command.
    const first = await runCli(cli.sandbox, ['cli-source', 'cli-destination', '--retry-rounds', '0', ...FAST])
    expect(first.exitCode).toBe(1)
    const jobId = /Created s3 batch job: (\S+)/.exec(first.stdout)?.[1] as string
    const retried = await runCli(cli.sandbox, ['retry', jobId, '--poll-interval', '0.02'])
    expect(retried.exitCode).toBe(0)
    expect(retried.stdout).toContain('(2 objects)')
    expect(retried.stdout).toMatch(/State: Complete, Total: 2, Success: 2, Failed 0\n$/)
    expect((await runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination'])).exitCode).toBe(0)
  })
})

describe('s3-seed verify', () => {
  it('exits 0 after a seed, and 1 with the differences once the destination loses or changes objects', async () => {
    await bucket('cli-source', ['a', 'b c', 'd+e', 'ü/😀'])
    await bucket('cli-destination')
    expect((await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST])).exitCode).toBe(0)
    const clean = await runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination'])
    expect(clean.exitCode).toBe(0)
    expect(clean.stdout).toContain('Complete: every object of cli-source is in cli-destination.')

    await cli.s3.send(new DeleteObjectCommand({ Bucket: 'cli-destination', Key: 'b c' }))
    await cli.s3.send(new PutObjectCommand({ Bucket: 'cli-destination', Key: 'd+e', Body: 'modified: a different size' }))
    const csvFile = join(dir, 'differences.csv')
    const broken = await runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination', '--csv', csvFile])
    expect(broken.exitCode).toBe(1)
    expect(broken.stdout).toMatch(/missing +1 +e\.g\. "b c"/)
    expect(broken.stdout).toMatch(/differing +1 +e\.g\. "d\+e"/)
    expect(broken.stdout).toContain('Incomplete: 2 objects are missing or differ in cli-destination.')
    const rows = readFileSync(csvFile, 'utf8').trim().split('\n')
    expect(rows[0]).toBe('kind,key,source_size,destination_size,source_etag,destination_etag')
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2))).toEqual([['missing', '"b c"'], ['differing', '"d+e"']])
  })
})

describe('s3-seed verify, bucket owners', () => {
  it('pins both buckets to their owners: a destination of another account than --destination-account names is refused', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const run = await runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination', '--destination-account', '210987654321'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('DESTINATION bucket "cli-destination" is not owned by account 210987654321')
  })
})

