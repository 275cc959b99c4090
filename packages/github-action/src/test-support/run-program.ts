import { execFile } from 'node:child_process'

export interface ProgramRun {
  status: number
  stdout: string
  stderr: string
}

/**
 * Runs a program without blocking: the test worker must keep answering vitest while git and the
 * scripts run (a worker blocked in spawnSync misses vitest's RPC deadline under load).
 */
export function runProgram(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProgramRun> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr })
    })
  })
}

/** git with no global or system configuration; throws with git's message when it fails. */
export async function gitIn(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const result = await runProgram('git', args, { cwd, env: { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}
