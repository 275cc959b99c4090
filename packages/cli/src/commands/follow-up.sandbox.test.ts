import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { describe, expect, it } from 'vitest'
import { runCli } from '../test-support/run-cli.js'

// The follow-up commands share core's toolkit: a job ID that does not exist is the user's mistake
// (exit 2, one line naming JOB_ID's fix), and every command answers --json with one document.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
const MISSING = '00000000-0000-4000-8000-000000000000'

describe('follow-up commands', () => {
  it.each([['status'], ['watch'], ['cancel'], ['retry']])('%s with an unknown job ID: exit 2, one line', async (command) => {
    const result = await runCli(sandbox, [command, MISSING])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe(`s3-seed: Job ${MISSING} was not found in us-east-1. Check the job ID and --region (jobs are regional; ListJobs keeps finished jobs 90 days).\n`)
    expect(result.stdout).toBe('')
  })

  it('every command prints exactly one JSON document with --json', async () => {
    const s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
    for (const bucket of ['fu-source', 'fu-destination']) await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutObjectCommand({ Bucket: 'fu-source', Key: 'k', Body: 'v' }))
    const seeded = await runCli(sandbox, ['fu-source', 'fu-destination', '--json', '--poll-interval', '0.02'])
    const jobId = (JSON.parse(seeded.stdout) as { results: Array<{ jobId: string }> }).results[0]?.jobId as string
    const documents: Record<string, unknown> = {}
    for (const line of [
      ['status', jobId],
      ['watch', jobId, '--poll-interval', '0.02'],
      ['retry', jobId],
      ['verify', 'fu-source', 'fu-destination'],
      ['cleanup'],
    ]) {
      const result = await runCli(sandbox, [...line, '--json'])
      expect(result.exitCode, line.join(' ')).toBeLessThanOrEqual(1)
      documents[line[0] as string] = JSON.parse(result.stdout)
    }
    expect(documents).toMatchObject({
      status: { jobs: [{ jobId, status: 'Complete' }] },
      watch: { jobs: [{ jobId, status: 'Complete', succeeded: 1 }] },
      retry: { status: 'nothing-failed', jobId },
      verify: { complete: true, sourceObjects: 1 },
      cleanup: { deleted: false },
    })
  })

  it('cancel of a job that has ended: exit 2, says why and how to check', async () => {
    const s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
    for (const bucket of ['fu-source', 'fu-destination']) await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutObjectCommand({ Bucket: 'fu-source', Key: 'k', Body: 'v' }))
    const seeded = await runCli(sandbox, ['fu-source', 'fu-destination', '--json', '--poll-interval', '0.02'])
    const jobId = (JSON.parse(seeded.stdout) as { results: Array<{ jobId: string }> }).results[0]?.jobId as string
    const result = await runCli(sandbox, ['cancel', jobId, '--json'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(new RegExp(`^s3-seed: Job ${jobId} cannot be cancelled: .*Complete.*s3-seed status ${jobId} --region us-east-1\\.\n$`))
  })
})
