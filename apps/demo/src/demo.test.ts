import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The README's demo command must keep working: run the built demo as `pnpm demo` does.
describe('pnpm demo', () => {
  it('seeds 836 objects on the sandbox and verifies them all', () => {
    const demo = fileURLToPath(new URL('../dist/demo.js', import.meta.url))
    const result = spawnSync(process.execPath, [demo], { encoding: 'utf8', timeout: 120_000 })
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('Created s3 batch job:')
    expect(result.stdout).toContain('State: Complete, Total: 836, Success: 836, Failed 0')
    expect(result.stdout).toContain('836 of 836 objects are byte-identical in demo-replica; s3-seed exited 0.')
    expect(result.status).toBe(0)
  }, 150_000)
})
