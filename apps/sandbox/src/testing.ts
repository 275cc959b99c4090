import { beforeAll, beforeEach } from 'vitest'
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.js'

export interface UseSandboxOptions {
  /** The file's timing: job stages and tasks, replication lag (the rest as a new sandbox has it). */
  timing?: SandboxOptions['timing']
  /** Reset the sandbox before each test (state, jobs, faults, timing). Default: true. */
  resetEachTest?: boolean
}

/**
 * The test worker's sandbox: started once per worker process and shared by the test files that
 * worker runs (vitest runs without isolation), each from a reset. Starting moto costs seconds of
 * CPU; a reset a fraction of one. moto exits with the worker (moto/launch.py). Kept on globalThis:
 * in `pnpm test` one worker runs files of every package, and the sandbox package's own tests load
 * this module from its sources while the others load the built one.
 */
const SHARED = Symbol.for('s3-seed.sandbox.testing.shared')
const worker = globalThis as { [SHARED]?: Promise<Sandbox> }

/**
 * Hands the test file the worker's sandbox, reset and with the file's timing, once it is up:
 * `let sandbox: Sandbox; useSandbox((started) => (sandbox = started))`. Every file starts from a
 * reset, so it sees the same empty sandbox whatever ran before it; with `resetEachTest` (the
 * default) so does every test.
 */
export function useSandbox(use: (sandbox: Sandbox) => void, options: UseSandboxOptions = {}): void {
  let sandbox: Sandbox | undefined
  const fresh = async () => {
    await sandbox?.reset()
    if (options.timing) sandbox?.setTiming(options.timing)
  }
  beforeAll(async () => {
    worker[SHARED] ??= startSandbox()
    sandbox = await worker[SHARED]
    await fresh()
    use(sandbox)
  })
  if (options.resetEachTest ?? true) beforeEach(fresh)
}
