import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The README's demo command must keep working: run the built demo as `pnpm demo` does. Spawned
// asynchronously: a blocking child would stall vitest's worker for the demo's whole run.
describe('pnpm demo', () => {
  it('turns replication on, seeds the old objects under live writes, and verifies every current object', async () => {
    const demo = fileURLToPath(new URL('../dist/demo.js', import.meta.url))
    const child = spawn(process.execPath, [demo])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(stderr).toBe('')
    expect(stdout).toContain('Created s3 batch job:')
    expect(stdout).toMatch(/State: Complete, Total: \d+, Success: \d+, Failed \d+\n/)
    expect(stdout).toContain('Writer: 40 new objects, 20 overwritten, 10 deleted during the seeding.')
    expect(stdout).toContain('new/0.json in demo-replica: replication status REPLICA')
    expect(stdout).toContain('Complete: every object of demo-source is in demo-replica, with the same content.')
    expect(stdout).toMatch(/(\d+) of \1 current objects are byte-identical in demo-replica; s3-seed exited 0, verify exited 0\./)
    expect(status).toBe(0)
  }, 420_000)
})
