import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.js'

export interface UseSandboxOptions extends SandboxOptions {
  /** Reset the sandbox before each test (state, jobs, faults, timing). Default: true. */
  resetEachTest?: boolean
}

/**
 * Starts one sandbox for a test file and stops it after, handing it to `use` once started:
 * `let sandbox: Sandbox; useSandbox((started) => (sandbox = started))`.
 */
export function useSandbox(use: (sandbox: Sandbox) => void, options: UseSandboxOptions = {}): void {
  let sandbox: Sandbox | undefined
  beforeAll(async () => {
    sandbox = await startSandbox(options)
    use(sandbox)
  })
  afterAll(async () => {
    await sandbox?.stop()
  })
  if (options.resetEachTest ?? true) {
    beforeEach(async () => {
      await sandbox?.reset()
    })
  }
}
