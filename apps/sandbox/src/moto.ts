import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { freePort } from './free-port.js'

export interface MotoServer {
  url: string
  port: number
  pid: number
  stop(): Promise<void>
}

export interface StartMotoOptions {
  /** Python interpreter that has moto[server] installed. Default: `python3` from PATH. */
  python?: string
  /** Port to listen on. Default: a free port. */
  port?: number
  /** How long to wait for moto to answer. Default: 20000 ms. */
  startTimeoutMs?: number
}

export class MotoNotInstalledError extends Error {
  constructor(python: string, detail: string) {
    super(
      `Could not start moto with "${python}" (${detail}). The sandbox runs S3, IAM and STS on moto; ` +
        `install it with: pip install "moto[server]==5.2.1", or point S3_SEED_PYTHON at a Python that has it.`,
    )
  }
}

/** moto_server with the sandbox's two fixes (see the script's docstring). */
const LAUNCHER = fileURLToPath(new URL('../moto/launch.py', import.meta.url))

/**
 * Starts moto_server quietly on loopback and waits until it answers `GET /moto-api/`.
 * moto is launched directly (not through a shell or pyenv shim) so that `pid` is moto's own and
 * stop() reaches it.
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const python = options.python ?? process.env.S3_SEED_PYTHON ?? 'python3'
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  const child = spawn(python, [LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000)
  })
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new MotoNotInstalledError(python, 'not found on PATH') : error)
    })
    child.once('exit', (code) => {
      const missing = /No module named '?(moto|flask|werkzeug)/.exec(stderr)
      reject(missing ? new MotoNotInstalledError(python, missing[0]) : new Error(`moto_server exited early (code ${code}): ${stderr.trim()}`))
    })
  })
  spawnError.catch(() => {})
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000)
  try {
    while (!(await answers(url))) {
      if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${url} in time: ${stderr.trim()}`)
      await Promise.race([sleep(50), spawnError])
    }
  } catch (error) {
    await stopChild(child)
    throw error
  }
  child.removeAllListeners('exit')
  return { url, port, pid: child.pid ?? -1, stop: () => stopChild(child) }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/`)
    await response.body?.cancel()
    return response.ok
  } catch {
    return false
  }
}

/** SIGINT first: moto (Werkzeug) can hang on SIGTERM. SIGKILL if it has not exited after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGINT')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}
