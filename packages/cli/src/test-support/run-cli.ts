import type { Sandbox } from '@s3-seed/sandbox'
import { main } from '../main.js'

export interface CliRun {
  exitCode: number
  stdout: string
  stderr: string
}

/** Runs main() in-process against the sandbox, capturing its output. */
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
  })
  return { exitCode, stdout, stderr }
}

/** Replaces job IDs, temporary names and hashes so output can be snapshotted. */
export function scrub(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<job-id>')
    .replace(/\/[0-9a-f]{16}\.csv/g, '/<hash>.csv')
}
