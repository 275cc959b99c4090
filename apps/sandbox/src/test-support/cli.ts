import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Sandbox } from '../sandbox.js'

const run = promisify(execFile)
const pluginDir = fileURLToPath(new URL('../../aws-cli-plugin', import.meta.url))

/**
 * An environment for the AWS CLI (v1) and boto3 pointed at the sandbox, with its own config files,
 * and the sandbox's CLI plugin loaded so `aws s3control` reaches a loopback endpoint.
 */
export function independentClientEnv(sandbox: Sandbox): NodeJS.ProcessEnv {
  const configDir = mkdtempSync(join(tmpdir(), 's3-seed-awscli-'))
  writeFileSync(join(configDir, 'config'), '[default]\n[plugins]\ns3seed_sandbox = s3seed_sandbox\n')
  return {
    PATH: process.env.PATH,
    HOME: configDir,
    PYTHONPATH: pluginDir,
    PYTHONDONTWRITEBYTECODE: '1',
    AWS_CONFIG_FILE: join(configDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'credentials'),
    ...sandbox.env,
  }
}

/** Runs `aws <args> --output json` and parses its output ({} when it printed nothing). */
export async function awsCli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Record<string, any>> {
  const { stdout } = await run('aws', [...args, '--output', 'json'], { env })
  return stdout.trim() === '' ? {} : JSON.parse(stdout)
}

/** Runs a Python (boto3) script that prints one JSON document, and parses it. */
export async function boto3Script(env: NodeJS.ProcessEnv, script: string): Promise<Record<string, any>> {
  const python = process.env.S3_SEED_PYTHON ?? 'python3'
  const { stdout } = await run(python, ['-c', script], { env })
  return JSON.parse(stdout)
}
