import { GetObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { runCli, scrub } from '../test-support/run-cli.js'
import { FAST, useCliSandbox } from '../test-support/cli-sandbox.js'

// S3-seed SOURCE DESTINATION, attached: output, re-runs, failures, --json, --dry-run.
const cli = useCliSandbox()
const { bucket, replicate, jobCount, roleCount } = cli

describe('s3-seed SOURCE DESTINATION (attached)', () => {
  it('seeds everything and prints the documented lines', async () => {
    const keys = ['a.txt', 'dir/b c.txt', 'plus+comma,key', 'ünï/😀']
    await bucket('cli-source', keys)
    await bucket('cli-destination')
    await replicate('cli-source', 'cli-destination')
    const result = await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST])

    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    const lines = scrub(result.stdout).split('\n')
    // The rule covers the pair, so auto mode replicates (README "Using s3-seed").
    expect(lines.slice(0, 3)).toEqual([
      "Using Batch Replication (S3ReplicateObject): a replication rule of cli-source covers every key: Batch Replication's replicas keep their version IDs and dates, so none can land over a newer write, as a copy can (--operation copy to copy anyway)",
      expect.stringMatching(/^Created IAM role: arn:aws:iam::123456789012:role\/s3-seed-cli-destination-[0-9a-f]{10}$/),
      'Created s3 batch job: <job-id>',
    ])
    expect(lines.at(-2)).toBe('State: Complete, Total: 4, Success: 4, Failed 0')
    for (const key of keys) {
      const { Body } = await cli.s3.send(new GetObjectCommand({ Bucket: 'cli-destination', Key: key }))
      expect(await Body?.transformToString()).toBe(`body of ${key}`)
    }
  })

  it('warns when the source does not replicate to the destination', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const result = await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe(
      'warning: cli-source has no enabled replication rule to cli-destination: objects written after the manifest is built will not be copied. Turn replication on first, then seed.\n',
    )
  })

  it('re-runs copy only what is missing; --all repeats the first request, and gets its job back', async () => {
    await bucket('cli-source', ['a', 'b'])
    await bucket('cli-destination')
    const first = await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(first.exitCode).toBe(0)
    const second = await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(second.exitCode).toBe(0)
    expect(second.stdout).toContain('Nothing to copy: all 2 objects of cli-source are already in cli-destination (--all copies them anyway). No job was created.')
    // --all sends the first run's request again, so S3 answers with the first run's job.
    const third = await runCli(cli.sandbox, ['cli-source', 'cli-destination', '--all', ...FAST])
    const id = (output: string) => /Created s3 batch job: (\S+)/.exec(output)?.[1]
    expect(third.stdout).toContain('(2 objects)')
    expect(id(third.stdout)).toBe(id(first.stdout))
    expect(await jobCount()).toBe(1)
  })

  it('exits 1 with a failure summary when tasks fail', async () => {
    await bucket('cli-source', ['ok', 'secret/1', 'secret/2'])
    await bucket('cli-destination')
    cli.sandbox.faults.add({ operation: 'Task', keyPattern: '^secret/', count: 2, status: 403, code: 'AccessDenied', message: 'Access Denied' })
    const result = await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST])
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
    const result = await runCli(cli.sandbox, ['cli-source', 'cli-destination', '--json', ...FAST])
    expect(result.exitCode).toBe(0)
    const document = JSON.parse(result.stdout)
    expect(document).toMatchObject({
      exitCode: 0,
      results: [{ source: 'cli-source', destination: 'cli-destination', status: 'complete', objectCount: 1, job: { status: 'Complete', succeeded: 1 }, report: { succeeded: 1, failed: 0 } }],
    })
    expect(result.stderr).toContain('Created s3 batch job:')
  })

  it('draws a progress bar on a terminal', async () => {
    cli.sandbox.setTiming({ taskDelayMs: 100, taskConcurrency: 1 })
    await bucket('cli-source', ['a', 'b', 'c', 'd'])
    await bucket('cli-destination')
    const result = await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST], { isTTY: true })
    expect(result.stdout).toMatch(/\r\x1b\[2K\[#*\.*\] \d+% \d\/4 Active \(ok \d, failed 0\)/)
    expect(result.stdout).toContain('State: Complete, Total: 4, Success: 4, Failed 0\n')
  })

  it('plans, counts and prices with --dry-run, creating nothing', async () => {
    await bucket('cli-source', ['a', 'b'])
    await bucket('cli-destination')
    const result = await runCli(cli.sandbox, ['cli-source', 'cli-destination', '--dry-run'])
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
    const result = await runCli(cli.sandbox, ['cli-source', 'cli-destination'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('Nothing to copy: cli-source has no objects. No job was created.')
    expect(await jobCount()).toBe(0)
  })
})
