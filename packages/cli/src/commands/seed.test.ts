import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketReplicationCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ListRolesCommand, IAMClient } from '@aws-sdk/client-iam'
import { ListJobsCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { type Sandbox } from '@s3-seed/sandbox'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { runCli, scrub } from '../test-support/run-cli.js'
import { useSandbox } from '@s3-seed/sandbox/testing'

let sandbox: Sandbox
let s3: S3Client
let control: S3ControlClient
let iam: IAMClient
const dir = mkdtempSync(join(tmpdir(), 's3-seed-cli-'))
const FAST = ['--poll-interval', '0.02']

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  const config = { region: 'us-east-1', credentials: sandbox.credentials }
  s3 = new S3Client({ ...config, endpoint: sandbox.endpoint, forcePathStyle: true })
  control = new S3ControlClient({ ...config, endpointProvider: () => ({ url: new URL(sandbox.endpoint) }) })
  iam = new IAMClient({ ...config, endpoint: sandbox.endpoint })
})

async function bucket(name: string, keys: string[] = [], versioned = true): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }))
  if (versioned) await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }))
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: `body of ${key}` }))
}

async function replicate(source: string, destination: string): Promise<void> {
  await s3.send(
    new PutBucketReplicationCommand({
      Bucket: source,
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::123456789012:role/replication',
        Rules: [{ ID: 'all', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${destination}` } }],
      },
    }),
  )
}

const jobCount = async () => (await control.send(new ListJobsCommand({ AccountId: sandbox.accountId }))).Jobs?.length ?? 0
const roleCount = async () => (await iam.send(new ListRolesCommand({}))).Roles?.length ?? 0

describe('s3-seed SOURCE DESTINATION (attached)', () => {
  it('copies everything and prints the documented lines', async () => {
    const keys = ['a.txt', 'dir/b c.txt', 'plus+comma,key', 'ünï/😀']
    await bucket('cli-source', keys)
    await bucket('cli-destination')
    await replicate('cli-source', 'cli-destination')
    const result = await runCli(sandbox, ['cli-source', 'cli-destination', ...FAST])

    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    const lines = scrub(result.stdout).split('\n')
    expect(lines.slice(0, 4)).toEqual([
      expect.stringMatching(/^Created IAM role: arn:aws:iam::123456789012:role\/s3-seed-cli-destination-[0-9a-f]{10}$/),
      'Creating manifest for bucket: cli-source',
      'Uploading manifest: s3://cli-source/.s3-seed/manifests/cli-destination/<hash>.csv (4 objects)',
      'Created s3 batch job: <job-id>',
    ])
    expect(lines.at(-2)).toBe('State: Complete, Total: 4, Success: 4, Failed 0')
    for (const key of keys) {
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'cli-destination', Key: key }))
      expect(await Body?.transformToString()).toBe(`body of ${key}`)
    }
  })

  it('warns when the source does not replicate to the destination', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const result = await runCli(sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe(
      'warning: cli-source has no enabled replication rule to cli-destination: objects written after the manifest is built will not be copied. Turn replication on first, then seed.\n',
    )
  })

  it('re-runs copy only what is missing; --all repeats the first request, and gets its job back', async () => {
    await bucket('cli-source', ['a', 'b'])
    await bucket('cli-destination')
    const first = await runCli(sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(first.exitCode).toBe(0)
    const second = await runCli(sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(second.exitCode).toBe(0)
    expect(second.stdout).toContain('Nothing to copy: all 2 objects of cli-source are already in cli-destination (--all copies them anyway). No job was created.')
    // --all sends the first run's request again, so S3 answers with the first run's job.
    const third = await runCli(sandbox, ['cli-source', 'cli-destination', '--all', ...FAST])
    const id = (output: string) => /Created s3 batch job: (\S+)/.exec(output)?.[1]
    expect(third.stdout).toContain('(2 objects)')
    expect(id(third.stdout)).toBe(id(first.stdout))
    expect(await jobCount()).toBe(1)
  })

  it('exits 1 with a failure summary when tasks fail', async () => {
    await bucket('cli-source', ['ok', 'secret/1', 'secret/2'])
    await bucket('cli-destination')
    sandbox.faults.add({ operation: 'Task', keyPattern: '^secret/', count: 2, status: 403, code: 'AccessDenied', message: 'Access Denied' })
    const result = await runCli(sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(result.exitCode).toBe(1)
    expect(scrub(result.stdout).split('\n').slice(-7)).toEqual([
      'State: Complete, Total: 3, Success: 1, Failed 2',
      '2 of 3 tasks failed:',
      '  AccessDenied (HTTP 403): 2 tasks - Access Denied',
      '    e.g. "secret/1", "secret/2"',
      'Completion report: s3://cli-destination/.s3-seed/reports/job-<job-id>/manifest.json',
      'Run the failed tasks again with: s3-seed retry <job-id> --region us-east-1',
      '',
    ])
  })

  it('prints one JSON document with --json and logs on stderr', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const result = await runCli(sandbox, ['cli-source', 'cli-destination', '--json', ...FAST])
    expect(result.exitCode).toBe(0)
    const document = JSON.parse(result.stdout)
    expect(document).toMatchObject({
      exitCode: 0,
      results: [{ source: 'cli-source', destination: 'cli-destination', status: 'complete', objectCount: 1, job: { status: 'Complete', succeeded: 1 }, report: { succeeded: 1, failed: 0 } }],
    })
    expect(result.stderr).toContain('Created s3 batch job:')
  })

  it('draws a progress bar on a terminal', async () => {
    sandbox.setTiming({ taskDelayMs: 100, taskConcurrency: 1 })
    await bucket('cli-source', ['a', 'b', 'c', 'd'])
    await bucket('cli-destination')
    const result = await runCli(sandbox, ['cli-source', 'cli-destination', ...FAST], { isTTY: true })
    expect(result.stdout).toMatch(/\r\x1b\[2K\[#*\.*\] \d+% \d\/4 Active \(ok \d, failed 0\)/)
    expect(result.stdout).toContain('State: Complete, Total: 4, Success: 4, Failed 0\n')
  })

  it('plans, counts and prices with --dry-run, creating nothing', async () => {
    await bucket('cli-source', ['a', 'b'])
    await bucket('cli-destination')
    const result = await runCli(sandbox, ['cli-source', 'cli-destination', '--dry-run'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('cli-source/ (us-east-1): 2 objects')
    expect(result.stdout).toContain('Estimated charge: $0.25')
    expect(result.stdout).toContain('Nothing was changed (--dry-run).')
    expect(await jobCount()).toBe(0)
    expect(await roleCount()).toBe(0)
  })

  it('says so and creates nothing for an empty source', async () => {
    await bucket('cli-source')
    await bucket('cli-destination')
    const result = await runCli(sandbox, ['cli-source', 'cli-destination'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('Nothing to copy: cli-source has no objects. No job was created.')
    expect(await jobCount()).toBe(0)
  })
})

describe('many pairs, detached, then status', () => {
  it('creates 20 jobs and exits; status lists them', async () => {
    const lines: string[] = []
    for (let index = 0; index < 20; index++) {
      await bucket(`src-${index}`, [`object-${index}`])
      await bucket(`dst-${index}`)
      lines.push(`src-${index},dst-${index}`)
    }
    const pairsFile = join(dir, 'pairs.csv')
    writeFileSync(pairsFile, `source,destination\n# twenty pairs\n${lines.join('\n')}\n`)
    const created = await runCli(sandbox, ['--pairs', pairsFile, '--detach', '--concurrency', '6'])
    expect(created.exitCode).toBe(0)
    expect(created.stdout.match(/Created s3 batch job:/g)).toHaveLength(20)
    expect(created.stdout).toContain('Check on them with: s3-seed status --region us-east-1')
    expect(await jobCount()).toBe(20)

    const status = await runCli(sandbox, ['status', '--json'])
    const listed = JSON.parse(status.stdout)
    expect(listed.jobs).toHaveLength(20)
    expect(listed.jobs.map((job: { description: string }) => job.description).sort()).toEqual(
      lines.map((line) => `s3-seed: ${line.replace(',', ' -> ')}`).sort(),
    )

    const ids = [...created.stdout.matchAll(/Created s3 batch job: (\S+)/g)].map((match) => match[1] as string)
    const watched = await runCli(sandbox, ['watch', ...ids, '--poll-interval', '0.02'])
    expect(watched.exitCode).toBe(0)
    const table = watched.stdout.split('\n').filter((line) => /^[0-9a-f-]{36}  Complete  1  +1  +0 /.test(line))
    expect(table).toHaveLength(20)
  })

  it('watch without IDs follows the unfinished s3-seed jobs', async () => {
    sandbox.setTiming({ taskDelayMs: 250, taskConcurrency: 1 })
    await bucket('cli-source', ['a', 'b', 'c', 'd', 'e', 'f'])
    await bucket('cli-destination')
    const created = await runCli(sandbox, ['cli-source', 'cli-destination', '--detach'])
    const jobId = /Created s3 batch job: (\S+)/.exec(created.stdout)?.[1] as string
    const watched = await runCli(sandbox, ['watch', '--poll-interval', '0.05'])
    expect(watched.exitCode).toBe(0)
    expect(watched.stdout).toContain(`[${jobId}] State: Active, Total: 6`)
    expect(watched.stdout).toMatch(new RegExp(`^${jobId}  Complete  6 +6 +0 `, 'm'))
  })

  it('cancels a job', async () => {
    sandbox.setTiming({ taskDelayMs: 50, taskConcurrency: 1 })
    await bucket('cli-source', Array.from({ length: 20 }, (_, index) => `k${index}`))
    await bucket('cli-destination')
    const created = await runCli(sandbox, ['cli-source', 'cli-destination', '--detach'])
    const jobId = /Created s3 batch job: (\S+)/.exec(created.stdout)?.[1] as string
    const cancel = await runCli(sandbox, ['cancel', jobId])
    expect(cancel.exitCode).toBe(0)
    expect(cancel.stdout).toMatch(new RegExp(`^Cancelling job ${jobId}: (Cancelled|Cancelling)\\n$`))
    const watched = await runCli(sandbox, ['watch', jobId, '--poll-interval', '0.02'])
    expect(watched.exitCode).toBe(1)
    expect(watched.stdout).toContain('Cancelled')
  })
})

describe('many pairs attached, and cleanup', () => {
  it('shows every pair and ends with a table', async () => {
    await bucket('pair-src-a', ['1', '2'])
    await bucket('pair-dst-a')
    await bucket('pair-src-b', ['3'])
    await bucket('pair-dst-b')
    const pairsFile = join(dir, 'pairs.json')
    writeFileSync(pairsFile, JSON.stringify([{ source: 'pair-src-a', destination: 'pair-dst-a' }, { source: 'pair-src-b', destination: 'pair-dst-b', prefix: '3' }]))
    const result = await runCli(sandbox, ['--pairs', pairsFile, ...FAST])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('[pair-src-a -> pair-dst-a] Created s3 batch job:')
    expect(result.stdout).toContain('[pair-src-b -> pair-dst-b] Created s3 batch job:')
    const table = scrub(result.stdout).split('\n').slice(-4, -1).map((line) => line.split(/ {2,}/))
    expect(table).toEqual([
      ['PAIR', 'JOB ID', 'STATE', 'TOTAL', 'SUCCEEDED', 'FAILED'],
      ['pair-src-a -> pair-dst-a', '<job-id>', 'Complete', '2', '2', '0'],
      ['pair-src-b -> pair-dst-b', '<job-id>', 'Complete', '1', '1', '0'],
    ])
  })

  it('lists, then with --yes deletes, the roles and manifests s3-seed created', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    await runCli(sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(await roleCount()).toBe(1)
    const manifests = async () => (await s3.send(new ListObjectsV2Command({ Bucket: 'cli-source', Prefix: '.s3-seed/manifests/' }))).KeyCount

    const listed = await runCli(sandbox, ['cleanup', 'cli-source'])
    expect(listed.exitCode).toBe(0)
    expect(listed.stdout).toMatch(/IAM roles that would be deleted:\n  s3-seed-cli-destination-[0-9a-f]{10}\n/)
    expect(listed.stdout).toContain('Nothing was deleted. Run again with --yes to delete.')
    expect(await roleCount()).toBe(1)
    expect(await manifests()).toBe(1)

    const deleted = await runCli(sandbox, ['cleanup', 'cli-source', '--yes'])
    expect(deleted.exitCode).toBe(0)
    expect(deleted.stdout).toContain('Deleted 1 manifest objects from cli-source')
    expect(await roleCount()).toBe(0)
    expect(await manifests()).toBe(0)
    // Objects and reports stay.
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'cli-destination', Prefix: '.s3-seed/reports/' }))).KeyCount).toBeGreaterThan(0)
  })
})

describe('s3-seed --from-replication', () => {
  it('lists what each rule gives, then seeds those pairs', async () => {
    await bucket('cli-source', ['logs/a', 'other/b'])
    await bucket('cli-destination')
    await s3.send(
      new PutBucketReplicationCommand({
        Bucket: 'cli-source',
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::123456789012:role/replication',
          Rules: [{ ID: 'logs', Priority: 1, Status: 'Enabled', Filter: { Prefix: 'logs/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::cli-destination', StorageClass: 'STANDARD_IA' } }],
        },
      }),
    )
    const dry = await runCli(sandbox, ['--from-replication', 'cli-source', '--dry-run'])
    expect(dry.exitCode).toBe(0)
    expect(dry.stdout).toContain('Replication rules found: 1\n  cli-source rule logs -> cli-destination: seed (prefix logs/, storage class STANDARD_IA, destination default encryption, no ACL)\n')
    expect(dry.stdout).toContain('cli-source/logs/ (us-east-1): 1 objects to copy')
    const run = await runCli(sandbox, ['--from-replication', 'cli-source', ...FAST])
    expect(run.exitCode).toBe(0)
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'cli-destination', Key: 'logs/a' }))).StorageClass).toBe('STANDARD_IA')
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'cli-destination', Key: 'other/b' }))).rejects.toThrow()
  })
})

describe('s3-seed retry', () => {
  it('copies what failed, from the completion report', async () => {
    await bucket('cli-source', ['fine', 'flaky/1', 'flaky/2'])
    await bucket('cli-destination')
    sandbox.faults.add({ operation: 'Task', keyPattern: '^flaky/', count: 2, status: 500, code: 'InternalError' })
    // Without automatic retry rounds, so the failures are left for the retry command.
    const first = await runCli(sandbox, ['cli-source', 'cli-destination', '--retry-rounds', '0', ...FAST])
    expect(first.exitCode).toBe(1)
    const jobId = /Created s3 batch job: (\S+)/.exec(first.stdout)?.[1] as string
    const retried = await runCli(sandbox, ['retry', jobId, '--poll-interval', '0.02'])
    expect(retried.exitCode).toBe(0)
    expect(retried.stdout).toContain('(2 objects)')
    expect(retried.stdout).toMatch(/State: Complete, Total: 2, Success: 2, Failed 0\n$/)
    expect((await runCli(sandbox, ['verify', 'cli-source', 'cli-destination'])).exitCode).toBe(0)
  })
})

describe('s3-seed verify', () => {
  it('exits 0 after a seed, and 1 with the differences once the destination loses or changes objects', async () => {
    await bucket('cli-source', ['a', 'b c', 'd+e', 'ü/😀'])
    await bucket('cli-destination')
    expect((await runCli(sandbox, ['cli-source', 'cli-destination', ...FAST])).exitCode).toBe(0)
    const clean = await runCli(sandbox, ['verify', 'cli-source', 'cli-destination'])
    expect(clean.exitCode).toBe(0)
    expect(clean.stdout).toContain('Complete: every object of cli-source is in cli-destination.')

    await s3.send(new DeleteObjectCommand({ Bucket: 'cli-destination', Key: 'b c' }))
    await s3.send(new PutObjectCommand({ Bucket: 'cli-destination', Key: 'd+e', Body: 'modified: a different size' }))
    const csvFile = join(dir, 'differences.csv')
    const broken = await runCli(sandbox, ['verify', 'cli-source', 'cli-destination', '--csv', csvFile])
    expect(broken.exitCode).toBe(1)
    expect(broken.stdout).toMatch(/missing +1 +e\.g\. "b c"/)
    expect(broken.stdout).toMatch(/differing +1 +e\.g\. "d\+e"/)
    expect(broken.stdout).toContain('Incomplete: 2 objects are missing or differ in cli-destination.')
    const rows = readFileSync(csvFile, 'utf8').trim().split('\n')
    expect(rows[0]).toBe('kind,key,source_size,destination_size,source_etag,destination_etag')
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2))).toEqual([['missing', '"b c"'], ['differing', '"d+e"']])
  })
})

describe('bad input: one line, exit 2 or 3, nothing created', () => {
  const cases: Array<[string, () => Promise<string[]>, number, RegExp]> = [
    ['same source and destination', async () => ['cli-source', 'cli-source'], 2, /SOURCE and DESTINATION are the same bucket/],
    ['a missing bucket', async () => ['cli-source', 'missing-bucket'], 2, /DESTINATION bucket "missing-bucket" does not exist/],
    ['an invalid bucket name', async () => ['cli-source', 'Invalid_Name'], 2, /DESTINATION "Invalid_Name" is not a valid S3 bucket name/],
    ['an unknown flag', async () => ['cli-source', 'cli-destination', '--colour'], 2, /Unknown option `--colour`/],
    ['a role ARN that is not a role', async () => ['cli-source', 'cli-destination', '--role-arn', 'arn:aws:iam::123456789012:policy/p'], 2, /--role-arn .* is not an IAM role ARN/],
    ['--require-replication without replication', async () => ['cli-source', 'cli-destination', '--require-replication'], 2, /no enabled replication rule .* --require-replication/],
    [
      'an unversioned destination when replication is expected',
      async () => {
        await bucket('plain-destination', [], false)
        await replicate('cli-source', 'plain-destination')
        return ['cli-source', 'plain-destination', '--require-replication']
      },
      2,
      /plain-destination does not have versioning enabled/,
    ],
    [
      'a malformed pairs file',
      async () => {
        const file = join(dir, 'bad.csv')
        writeFileSync(file, 'cli-source,cli-destination\ncli-source\n')
        return ['--pairs', file]
      },
      2,
      /bad\.csv line 2: expected "source,destination\[,prefix\]"/,
    ],
    [
      'a pairs file with a bad bucket name',
      async () => {
        const file = join(dir, 'bad.yaml')
        writeFileSync(file, '- source: cli-source\n  destination: cli-destination\n- source: cli-source\n  destination: UPPER\n')
        return ['--pairs', file]
      },
      2,
      /bad\.yaml entry 2: "UPPER" is not a valid S3 bucket name/,
    ],
  ]

  it.each(cases)('%s', async (_, setup, exitCode, message) => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const line = await setup()
    const result = await runCli(sandbox, line)
    expect(result.exitCode).toBe(exitCode)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stdout).toBe('')
    expect(await jobCount()).toBe(0)
    expect(await roleCount()).toBe(0)
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'cli-source' }))
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['a'])
  })

  it('missing credentials: exit 3 with how to fix it', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const env: NodeJS.ProcessEnv = { ...sandbox.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' }
    delete env.AWS_ACCESS_KEY_ID
    delete env.AWS_SECRET_ACCESS_KEY
    const saved = { ...process.env }
    // The SDK's default credential chain reads process.env itself.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name]
    Object.assign(process.env, { AWS_CONFIG_FILE: env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE, AWS_EC2_METADATA_DISABLED: 'true' })
    try {
      const result = await runCli(sandbox, ['cli-source', 'cli-destination'], { env })
      expect(result.exitCode).toBe(3)
      expect(result.stderr).toMatch(/^s3-seed: No AWS credentials found: .*Set AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, use --profile, or run aws sso login\.\n$/)
    } finally {
      process.env = saved
    }
    expect(await jobCount()).toBe(0)
  })
})
