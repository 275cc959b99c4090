import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../test-support/run-cli.js'
import { useCliSandbox } from '../test-support/cli-sandbox.js'

// Bad input: one line, exit 2 or 3, nothing created.
const cli = useCliSandbox()
const { bucket, replicate, jobCount, roleCount, dir } = cli

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
    const result = await runCli(cli.sandbox, line)
    expect(result.exitCode).toBe(exitCode)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stdout).toBe('')
    expect(await jobCount()).toBe(0)
    expect(await roleCount()).toBe(0)
    const listed = await cli.s3.send(new ListObjectsV2Command({ Bucket: 'cli-source' }))
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['a'])
  })

  it('missing credentials: exit 3 with how to fix it', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const env: NodeJS.ProcessEnv = { ...cli.sandbox.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' }
    delete env.AWS_ACCESS_KEY_ID
    delete env.AWS_SECRET_ACCESS_KEY
    const saved = { ...process.env }
    // The SDK's default credential chain reads process.env itself.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name]
    Object.assign(process.env, { AWS_CONFIG_FILE: env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE, AWS_EC2_METADATA_DISABLED: 'true' })
    try {
      const result = await runCli(cli.sandbox, ['cli-source', 'cli-destination'], { env })
      expect(result.exitCode).toBe(3)
      expect(result.stderr).toMatch(/^s3-seed: No AWS credentials found: .*Set AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, use --profile, or run aws sso login\.\n$/)
    } finally {
      process.env = saved
    }
    expect(await jobCount()).toBe(0)
  })
})
