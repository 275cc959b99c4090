import type { Sandbox } from '@s3-seed/sandbox'
import { setTimeout as delay } from 'node:timers/promises'
import { main } from '../main.js'

export interface CliRun {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * Waits at most 20 ms: backoff and status checks run as in real use (same attempts, same delays
 * printed), without their real seconds.
 */
export async function shortSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(Math.min(ms, 20), undefined, signal ? { signal } : {})
}

/** Runs main() in-process against the sandbox, capturing its output; its waits are short (shortSleep). */
export async function runCli(sandbox: Sandbox, line: string[], options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const exitCode = await main(['node', 's3-seed', ...line], {
    io: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      isTTY: options.isTTY ?? false,
      env: options.env ?? sandbox.env,
    },
    sleep: shortSleep,
  })
  return { exitCode, stdout, stderr }
}

/** Replaces job IDs, temporary names and hashes so output can be snapshotted. */
export function scrub(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<job-id>')
    .replace(/\/[0-9a-f]{16}\.csv/g, '/<hash>.csv')
}
