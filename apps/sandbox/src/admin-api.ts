import type { SandboxAccount } from './accounts.js'
import type { IssueCredentialsOptions, TemporaryCredentials } from './credentials/sessions.js'
import type { FaultRegistry, FaultRule } from './faults/registry.js'
import type { SandboxRequest, SandboxResponse } from './http-request.js'
import type { JobTiming } from './jobs/job-timing.js'
import type { SandboxReplication } from './replication/live-replication.js'

/** What the admin API reaches. */
export interface AdminTargets {
  faults: FaultRegistry
  replication: SandboxReplication
  timing(): JobTiming
  setTiming(timing: Partial<JobTiming>): void
  setIamEnforcement(enabled: boolean): Promise<void>
  createAccount(accountId: string): Promise<SandboxAccount>
  issueCredentials(options: IssueCredentialsOptions): Promise<TemporaryCredentials>
  /** Resets the sandbox and returns the new admin credentials. */
  reset(): Promise<unknown>
}

/**
 * The sandbox's admin API (JSON under `/_sandbox/`), for tests and tools in other processes. Every
 * route mirrors a method of the Sandbox object; errors answer 400 with `{ "error": "…" }`.
 */
export function adminApi(targets: AdminTargets): (request: SandboxRequest) => Promise<SandboxResponse> {
  const { faults, replication } = targets
  return async (request) => {
    try {
      const body = request.body.length > 0 ? (JSON.parse(request.body.toString('utf8')) as Record<string, unknown>) : {}
      switch (`${request.method} ${request.path}`) {
        case 'GET /_sandbox/health':
          return json(200, { ok: true })
        case 'GET /_sandbox/faults':
          return json(200, faults.list())
        case 'POST /_sandbox/faults':
          return json(201, { id: faults.add(body as unknown as FaultRule) })
        case 'DELETE /_sandbox/faults':
          faults.clear()
          return json(200, {})
        case 'GET /_sandbox/faults/stats':
          return json(200, faults.stats())
        case 'DELETE /_sandbox/faults/stats':
          faults.resetStats()
          return json(200, {})
        case 'GET /_sandbox/timing':
          return json(200, targets.timing())
        case 'POST /_sandbox/timing':
          targets.setTiming(body as Partial<JobTiming>)
          return json(200, targets.timing())
        case 'GET /_sandbox/replication':
          return json(200, replication.stats())
        case 'POST /_sandbox/replication':
          if (typeof body.enabled !== 'boolean') throw new Error('Send {"enabled": true} or {"enabled": false}.')
          replication.setEnabled(body.enabled)
          return json(200, replication.stats())
        case 'POST /_sandbox/replication/drain':
          return json(200, await replication.drain(typeof body.timeoutMs === 'number' ? body.timeoutMs : undefined))
        case 'POST /_sandbox/iam-enforcement':
          await targets.setIamEnforcement(body.enabled === true)
          return json(200, { enabled: body.enabled === true })
        case 'POST /_sandbox/accounts': {
          if (typeof body.accountId !== 'string' || !/^\d{12}$/.test(body.accountId)) throw new Error('Send {"accountId": "<12 digits>"}.')
          return json(201, await targets.createAccount(body.accountId))
        }
        case 'POST /_sandbox/credentials': {
          // The AWS shape's names but JSON's casing; credential-process.ts turns it into the credential_process document.
          const issued = await targets.issueCredentials(body as unknown as IssueCredentialsOptions)
          return json(201, { ...issued, expiration: issued.expiration.toISOString() })
        }
        case 'POST /_sandbox/reset':
          return json(200, { credentials: await targets.reset() })
        default: {
          const faultId = /^\/_sandbox\/faults\/(\d+)$/.exec(request.path)?.[1]
          if (request.method === 'DELETE' && faultId !== undefined) {
            return faults.remove(Number(faultId)) ? json(200, {}) : json(404, { error: `No fault rule ${faultId}` })
          }
          return json(404, { error: `No admin route ${request.method} ${request.path}` })
        }
      }
    } catch (error) {
      return json(400, { error: error instanceof Error ? error.message : String(error) })
    }
  }
}

function json(status: number, value: unknown): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }
}
