import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, scrub } from '../test-support/run-cli.js'
import { FAST, useCliSandbox } from '../test-support/cli-sandbox.js'

// Many pairs: detached with status, watch and cancel; attached with its table; cleanup.
const cli = useCliSandbox()
const { bucket, jobCount, roleCount, dir } = cli

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
    const created = await runCli(cli.sandbox, ['--pairs', pairsFile, '--detach', '--concurrency', '6'])
    expect(created.exitCode).toBe(0)
    expect(created.stdout.match(/Created s3 batch job:/g)).toHaveLength(20)
    expect(created.stdout).toContain('Check on them with: s3-seed status --region us-east-1')
    expect(await jobCount()).toBe(20)

    const status = await runCli(cli.sandbox, ['status', '--json'])
    const listed = JSON.parse(status.stdout)
    expect(listed.jobs).toHaveLength(20)
    expect(listed.jobs.map((job: { description: string }) => job.description).sort()).toEqual(
      lines.map((line) => `s3-seed: ${line.replace(',', ' -> ')}`).sort(),
    )

    const ids = [...created.stdout.matchAll(/Created s3 batch job: (\S+)/g)].map((match) => match[1] as string)
    const watched = await runCli(cli.sandbox, ['watch', ...ids, '--poll-interval', '0.02'])
    expect(watched.exitCode).toBe(0)
    const table = watched.stdout.split('\n').filter((line) => /^[0-9a-f-]{36}  Complete  1  +1  +0 /.test(line))
    expect(table).toHaveLength(20)
  })

  it('watch without IDs follows the unfinished s3-seed jobs', async () => {
    cli.sandbox.setTiming({ taskDelayMs: 250, taskConcurrency: 1 })
    await bucket('cli-source', ['a', 'b', 'c', 'd', 'e', 'f'])
    await bucket('cli-destination')
    const created = await runCli(cli.sandbox, ['cli-source', 'cli-destination', '--detach'])
    const jobId = /Created s3 batch job: (\S+)/.exec(created.stdout)?.[1] as string
    const watched = await runCli(cli.sandbox, ['watch', '--poll-interval', '0.05'])
    expect(watched.exitCode).toBe(0)
    expect(watched.stdout).toContain(`[${jobId}] State: Active, Total: 6`)
    expect(watched.stdout).toMatch(new RegExp(`^${jobId}  Complete  6 +6 +0 `, 'm'))
  })

  it('cancels a job', async () => {
    cli.sandbox.setTiming({ taskDelayMs: 50, taskConcurrency: 1 })
    await bucket('cli-source', Array.from({ length: 20 }, (_, index) => `k${index}`))
    await bucket('cli-destination')
    const created = await runCli(cli.sandbox, ['cli-source', 'cli-destination', '--detach'])
    const jobId = /Created s3 batch job: (\S+)/.exec(created.stdout)?.[1] as string
    const cancel = await runCli(cli.sandbox, ['cancel', jobId])
    expect(cancel.exitCode).toBe(0)
    expect(cancel.stdout).toMatch(new RegExp(`^Cancelling job ${jobId}: (Cancelled|Cancelling)\\n$`))
    const watched = await runCli(cli.sandbox, ['watch', jobId, '--poll-interval', '0.02'])
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
    const result = await runCli(cli.sandbox, ['--pairs', pairsFile, ...FAST])
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
    await runCli(cli.sandbox, ['cli-source', 'cli-destination', ...FAST])
    expect(await roleCount()).toBe(1)
    const manifests = async () => (await cli.s3.send(new ListObjectsV2Command({ Bucket: 'cli-source', Prefix: '.s3-seed/manifests/' }))).KeyCount

    const listed = await runCli(cli.sandbox, ['cleanup', 'cli-source'])
    expect(listed.exitCode).toBe(0)
    expect(listed.stdout).toMatch(/IAM roles that would be deleted:\n  s3-seed-cli-destination-[0-9a-f]{10}\n/)
    expect(listed.stdout).toContain('Nothing was deleted. Run again with --yes to delete.')
    expect(await roleCount()).toBe(1)
    expect(await manifests()).toBe(1)

    const deleted = await runCli(cli.sandbox, ['cleanup', 'cli-source', '--yes'])
    expect(deleted.exitCode).toBe(0)
    expect(deleted.stdout).toContain('Deleted 1 manifest objects from cli-source')
    expect(await roleCount()).toBe(0)
    expect(await manifests()).toBe(0)
    // Objects and reports stay.
    expect((await cli.s3.send(new ListObjectsV2Command({ Bucket: 'cli-destination', Prefix: '.s3-seed/reports/' }))).KeyCount).toBeGreaterThan(0)
  })
})
