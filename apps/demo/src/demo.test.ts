import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The README's demo command must keep working: run the built demo as `pnpm demo` does.
describe('pnpm demo', () => {
  it('turns replication on, seeds the old objects under live writes, and verifies every current object', () => {
    const demo = fileURLToPath(new URL('../dist/demo.js', import.meta.url))
    const result = spawnSync(process.execPath, [demo], { encoding: 'utf8', timeout: 400_000 })
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('Created s3 batch job:')
    expect(result.stdout).toMatch(/State: Complete, Total: \d+, Success: \d+, Failed \d+\n/)
    expect(result.stdout).toContain('Writer: 40 new objects, 20 overwritten, 10 deleted during the seeding.')
    expect(result.stdout).toContain('new/0.json in demo-replica: replication status REPLICA')
    expect(result.stdout).toContain('Complete: every object of demo-source is in demo-replica.')
    expect(result.stdout).toMatch(/(\d+) of \1 current objects are byte-identical in demo-replica; s3-seed exited 0, verify exited 0\./)
    expect(result.status).toBe(0)
  }, 420_000)
})
