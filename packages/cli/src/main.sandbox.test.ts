import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { startSandbox, type Sandbox } from '@s3-seed/sandbox'
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Smoke tests of the built bin, the artifact users run.
const bin = fileURLToPath(new URL('../bin/s3-seed.js', import.meta.url))
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })

describe('s3-seed bin', () => {
  it('prints help with the exit codes and exits 0', () => {
    const result = run('--help')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('$ s3-seed SOURCE DESTINATION [options] | --pairs FILE [options] | --from-replication [BUCKET...] [options]')
    expect(result.stdout).toContain('2  bad usage or input (nothing was changed)')
    expect(result.stderr).toBe('')
  })

  it('prints its version', () => {
    expect(run('--version').stdout).toMatch(/^s3-seed\/\d+\.\d+\.\d+ /)
  })

  it('rejects unknown flags with exit code 2 and one line', () => {
    const result = run('src-bucket', 'dst-bucket', '--bogus-flag')
    expect(result.status).toBe(2)
    expect(result.stderr).toBe('s3-seed: Unknown option `--bogusFlag`\n')
  })
})

describe('s3-seed bin against the sandbox', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({ timing: { stageDelayMs: 5 } })
    const s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
    for (const bucket of ['bin-source', 'bin-destination']) await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutObjectCommand({ Bucket: 'bin-source', Key: 'k', Body: 'v' }))
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('seeds a pair end to end', async () => {
    const child = spawn(process.execPath, [bin, 'bin-source', 'bin-destination', '--poll-interval', '0.05'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...sandbox.env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(0)
    expect(stdout).toMatch(/Created s3 batch job: [0-9a-f-]{36}\n/)
    expect(stdout).toMatch(/State: Complete, Total: 1, Success: 1, Failed 0\n$/)
    expect(stderr).toMatch(/^warning: bin-source has no enabled replication rule to bin-destination/)
    expect(stderr).not.toMatch(/NodeVersionSupportWarning/)
  })
})
