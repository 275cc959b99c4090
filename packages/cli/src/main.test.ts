import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../bin/s3-seed.js', import.meta.url))
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })

describe('s3-seed bin', () => {
  it('prints help and exits 0', () => {
    const result = run('--help')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('s3-seed')
    expect(result.stdout).toContain('Usage')
  })

  it('rejects unknown flags with exit code 2', () => {
    const result = run('src', 'dst', '--bogus-flag')
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/bogus-flag|bogusFlag/)
  })
})
