import { ListJobsCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { useCliSandbox } from '../test-support/cli-sandbox.js'
import { runCli } from '../test-support/run-cli.js'

// Credentials that expire while a run follows its job (issue #23): the job is never lost. Every
// DescribeJob answers ExpiredToken, as S3 Control does for an expired session token.
const cli = useCliSandbox()
const EXPIRED = { operation: 'DescribeJob', status: 400, code: 'ExpiredToken', message: 'The provided token has expired.', rate: 1 }

async function onlyJob(): Promise<string> {
  const control = new S3ControlClient({ region: 'us-east-1', credentials: cli.sandbox.credentials, endpointProvider: () => ({ url: new URL(cli.sandbox.endpoint) }) })
  const jobs = (await control.send(new ListJobsCommand({ AccountId: cli.sandbox.accountId }))).Jobs ?? []
  expect(jobs).toHaveLength(1)
  return jobs[0]?.JobId as string
}

describe('credentials that expire while following a job', () => {
  it('attached: exit 3, saying the credentials expired, with the job, its Region and the watch and cancel commands', async () => {
    await cli.bucket('exp-source', ['a', 'b'])
    await cli.bucket('exp-destination')
    cli.sandbox.faults.add(EXPIRED)
    const run = await runCli(cli.sandbox, ['exp-source', 'exp-destination', '--poll-interval', '0.02'])
    const jobId = await onlyJob()
    expect(run.exitCode).toBe(3)
    expect(run.stderr).toContain(`error: Stopped following job ${jobId}: the AWS credentials expired or were refused (ExpiredToken). The job keeps running`)
    expect(run.stderr).toContain(`Job ${jobId} (us-east-1) keeps running. Follow it: s3-seed watch ${jobId} --region us-east-1   Stop it: s3-seed cancel ${jobId} --region us-east-1`)
  })

  it('detached: the job is created and printed with its status command, whatever DescribeJob answers', async () => {
    await cli.bucket('exp-source', ['a'])
    await cli.bucket('exp-destination')
    cli.sandbox.faults.add(EXPIRED)
    const run = await runCli(cli.sandbox, ['exp-source', 'exp-destination', '--detach', '--json'])
    const jobId = await onlyJob()
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 0, results: [{ status: 'created', jobId, region: 'us-east-1' }] })
    expect(run.stderr).toContain(`Check on it with: s3-seed status ${jobId} --region us-east-1`)
  })

  it('--json keeps the job ID and Region of every job created', async () => {
    await cli.bucket('exp-source', ['a'])
    await cli.bucket('exp-destination')
    cli.sandbox.faults.add(EXPIRED)
    const run = await runCli(cli.sandbox, ['exp-source', 'exp-destination', '--poll-interval', '0.02', '--json'])
    const jobId = await onlyJob()
    expect(run.exitCode).toBe(3)
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 3, results: [{ status: 'error', jobId, region: 'us-east-1', jobIds: [jobId], error: { code: 'ExpiredToken' } }] })
  })

  it('a refreshing profile (credential_process, 5 s credentials) carries an attached run through three expiries: exit 0', async () => {
    await cli.bucket('ref-source', ['a', 'b', 'c', 'd'])
    await cli.bucket('ref-destination')
    // One task at a time, 5 s each: the job runs about 20 s, past three expiries of 5 s credentials
    // (not shorter: under load, starting the credential process takes a second or two).
    cli.sandbox.setTiming({ taskDelayMs: 5000, taskConcurrency: 1 })
    const script = join(dirname(createRequire(import.meta.url).resolve('@s3-seed/sandbox/package.json')), 'dist', 'credential-process.js')
    // The SDK caches a config file by its path: a new one for this test.
    process.env.AWS_CONFIG_FILE = join(cli.dir, `config-${Date.now()}`)
    writeFileSync(process.env.AWS_CONFIG_FILE, `[profile expiring]\ncredential_process = ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} ${cli.sandbox.endpoint} 5\n`)
    const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, AWS_SESSION_TOKEN: _token, ...env } = cli.sandbox.env
    const started = Date.now()
    const run = await runCli(cli.sandbox, ['ref-source', 'ref-destination', '--poll-interval', '0.5'], { env: { ...env, AWS_PROFILE: 'expiring' } })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/State: Complete, Total: 4, Success: 4, Failed 0\n$/)
    expect(Date.now() - started, 'the run must outlast three lifetimes of its credentials').toBeGreaterThan(15_000)
  }, 120_000)

  it('the same run on 10 s credentials that cannot refresh stops following when they expire: exit 3, the job named', async () => {
    await cli.bucket('ref-source', ['a', 'b', 'c', 'd'])
    await cli.bucket('ref-destination')
    // Long enough to create the job on a loaded machine, short of the job's 20 s.
    cli.sandbox.setTiming({ taskDelayMs: 5000, taskConcurrency: 1 })
    const session = await cli.sandbox.issueCredentials({ lifetimeSeconds: 10 })
    const env = { ...cli.sandbox.env, AWS_ACCESS_KEY_ID: session.accessKeyId, AWS_SECRET_ACCESS_KEY: session.secretAccessKey, AWS_SESSION_TOKEN: session.sessionToken }
    const run = await runCli(cli.sandbox, ['ref-source', 'ref-destination', '--poll-interval', '0.5'], { env })
    const jobId = await onlyJob()
    expect(run.exitCode).toBe(3)
    expect(run.stderr).toContain(`Stopped following job ${jobId}: the AWS credentials expired or were refused (ExpiredToken)`)
    expect(run.stderr).toContain(`Follow it: s3-seed watch ${jobId} --region us-east-1   Stop it: s3-seed cancel ${jobId} --region us-east-1`)
  }, 120_000)
})

const savedConfig = process.env.AWS_CONFIG_FILE
afterEach(() => {
  if (savedConfig === undefined) delete process.env.AWS_CONFIG_FILE
  else process.env.AWS_CONFIG_FILE = savedConfig
})
