import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam'
import { ListJobsCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../test-support/run-cli.js'

// A bad value anywhere in a pairs file is refused before anything is created: exit 2, one line that
// names the file and entry (or line) and what is allowed. The first entry is always valid, so a run
// that checked lazily would create its role, manifest or job before reaching the bad one.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
const dir = mkdtempSync(join(tmpdir(), 's3-seed-pairs-'))
const good = { source: 'pf-source', destination: 'pf-destination' }

const cases: Array<[name: string, file: string, text: string, message: RegExp]> = [
  ['an unknown report scope', 'scope.json', JSON.stringify([good, { ...good, reportScope: 'Some' }]), /scope\.json entry 2: reportScope must be AllTasks or FailedTasksOnly, not "Some"\./],
  ['a number as prefix', 'prefix.json', JSON.stringify([good, { ...good, prefix: 7 }]), /prefix\.json entry 2: prefix must be text of at most 1024 characters, not 7\./],
  ['a negative priority', 'priority.yaml', `- source: pf-source\n  destination: pf-destination\n- source: pf-source\n  destination: pf-destination\n  priority: -1\n`, /priority\.yaml entry 2: priority must be a whole number from 0 to 2147483647, not -1\./],
  ['a priority given as text in JSON', 'priority.json', JSON.stringify([good, { ...good, priority: '10' }]), /priority\.json entry 2: priority must be a whole number/],
  ['an operation that does not exist', 'operation.yaml', `- {source: pf-source, destination: pf-destination}\n- {source: pf-source, destination: pf-destination, operation: move}\n`, /operation\.yaml entry 2: operation must be copy, replicate or auto, not "move"\./],
  ['a role ARN of a user', 'role.json', JSON.stringify([good, { ...good, roleArn: 'arn:aws:iam::123456789012:user/u' }]), /role\.json entry 2: roleArn "arn:aws:iam::123456789012:user\/u" is not an IAM role ARN/],
  ['a storage class that does not exist', 'class.json', JSON.stringify([good, { ...good, storageClass: 'COLD' }]), /class\.json entry 2: storageClass must be STANDARD, STANDARD_IA, .* or GLACIER_IR, not "COLD"\./],
  ['a time that is not ISO 8601', 'time.yaml', `- {source: pf-source, destination: pf-destination}\n- {source: pf-source, destination: pf-destination, manifestSource: generated, createdBefore: yesterday}\n`, /time\.yaml entry 2: createdBefore must be an ISO 8601 time/],
  ['yes for a boolean', 'all.json', JSON.stringify([good, { ...good, all: 'yes' }]), /all\.json entry 2: all must be true or false, not "yes"\./],
  ['an invalid report bucket', 'report.json', JSON.stringify([good, { ...good, reportBucket: 'Bad_Bucket' }]), /report\.json entry 2: reportBucket "Bad_Bucket" is not a valid S3 bucket name/],
  ['a manifest that is not list, generated or a manifest.json', 'manifest.json', JSON.stringify([good, { ...good, manifestSource: 'ftp://x' }]), /manifest\.json entry 2: manifestSource "ftp:\/\/x" is not list, generated, or the s3:\/\/ URI/],
  ['a setting only --from-replication may set', 'origin.json', JSON.stringify([good, { ...good, origin: 'me' }]), /origin\.json entry 2: unknown setting origin; allowed: /],
  ['a CSV column with a bad value', 'columns.csv', 'source,destination,priority\npf-source,pf-destination,1\npf-source,pf-destination,high\n', /columns\.csv line 3: priority must be a whole number from 0 to 2147483647, not "high"\./],
  ['a CSV header naming an unknown column', 'header.csv', 'source,destination,colour\npf-source,pf-destination,red\n', /header\.csv line 1: unknown column "colour"/],
]

describe('a pairs file with a bad value', () => {
  it.each(cases)('%s: exit 2, one line naming the entry, nothing created', async (_, file, text, message) => {
    const config = { region: 'us-east-1', credentials: sandbox.credentials }
    const s3 = new S3Client({ ...config, endpoint: sandbox.endpoint, forcePathStyle: true })
    for (const bucket of ['pf-source', 'pf-destination']) await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutObjectCommand({ Bucket: 'pf-source', Key: 'a', Body: 'a' }))
    const path = join(dir, file)
    writeFileSync(path, text)

    const result = await runCli(sandbox, ['--pairs', path, '--poll-interval', '0.02'])
    expect(result.exitCode).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)

    const control = new S3ControlClient({ ...config, endpointProvider: () => ({ url: new URL(sandbox.endpoint) }) })
    expect((await control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))).Jobs ?? []).toEqual([])
    expect((await new IAMClient({ ...config, endpoint: sandbox.endpoint }).send(new ListRolesCommand({}))).Roles ?? []).toEqual([])
    for (const bucket of ['pf-source', 'pf-destination']) {
      const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((object) => object.Key)
      expect(keys).toEqual(bucket === 'pf-source' ? ['a'] : [])
    }
  })

  it('accepts the same settings when they are right, and a CSV header naming them', async () => {
    const config = { region: 'us-east-1', credentials: sandbox.credentials }
    const s3 = new S3Client({ ...config, endpoint: sandbox.endpoint, forcePathStyle: true })
    for (const bucket of ['pf-source', 'pf-destination']) await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutObjectCommand({ Bucket: 'pf-source', Key: 'logs/a', Body: 'a' }))
    await s3.send(new PutObjectCommand({ Bucket: 'pf-source', Key: 'other/b', Body: 'b' }))
    const path = join(dir, 'right.csv')
    writeFileSync(path, 'source,destination,prefix,priority,report-scope\npf-source,pf-destination,logs/,20,FailedTasksOnly\n')
    const result = await runCli(sandbox, ['--pairs', path, '--poll-interval', '0.02'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/State: Complete, Total: 1, Success: 1, Failed 0\n$/)
  })
})
