import type { Server } from 'node:http'
import { callerAccount, s3AccessGate } from './access-gate.js'
import { SandboxAccounts, type SandboxAccount } from './accounts.js'
import { partitionOf } from './arn.js'
import type { Credentials, MotoAccess } from './aws-clients.js'
import { FaultRegistry } from './faults/registry.js'
import { startGateway } from './gateway.js'
import { sessionGate } from './credentials/session-refusal.js'
import { SandboxSessions, type IssueCredentialsOptions, type TemporaryCredentials } from './credentials/sessions.js'
import { JobEngine } from './jobs/job-engine.js'
import { DEFAULT_TIMING, type JobTiming } from './jobs/job-timing.js'
import { startMoto, type MotoServer } from './moto.js'
import { adminApi } from './admin-api.js'
import { kmsKeyLookup } from './iam/kms-keys.js'
import { policySimulator } from './iam/simulation/policy-simulator.js'
import { callerPermissions } from './s3control/caller-permissions.js'
import { replicationObserver } from './replication/gateway-observer.js'
import { LiveReplication, type SandboxReplication } from './replication/live-replication.js'

/** moto's default account, the sandbox's first; STS GetCallerIdentity returns it for its admin. */
export const SANDBOX_ACCOUNT_ID = '123456789012'

export interface SandboxOptions {
  /** Port of the sandbox endpoint. Default: a free port. */
  port?: number
  /**
   * The sandbox's Region (used when a request is not signed, and by the sandbox's own calls). Its
   * partition is the sandbox's: `cn-north-1` makes every ARN `arn:aws-cn:`, `us-gov-west-1`
   * `arn:aws-us-gov:`. Default: us-east-1.
   */
  region?: string
  /** Timing: job stage and task delays, task concurrency, largest copyable object, replication lag. */
  timing?: Partial<JobTiming>
  /** Python interpreter with moto[server]. Default: $S3_SEED_PYTHON or `python3`. */
  python?: string
}

export interface Sandbox {
  /** The one endpoint for S3, IAM, STS, KMS and S3 Control. */
  readonly endpoint: string
  readonly motoEndpoint: string
  readonly region: string
  /** The Region's partition: `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string
  /** The first account's ID. */
  readonly accountId: string
  /** Credentials of the first account's admin user; they work with IAM enforcement on or off. */
  readonly credentials: Credentials
  /** Environment that points an AWS SDK or the AWS CLI at the sandbox, as the first account's admin. */
  readonly env: Record<string, string>
  /**
   * Creates another account (12 digits) with an admin user allowed everything, and returns its ID,
   * canonical user ID and admin credentials; an account the sandbox has already is returned as is.
   * Gone after a reset.
   */
  createAccount(accountId: string): Promise<SandboxAccount>
  /** `env`, as the admin of another account made by createAccount (or the first one). */
  accountEnv(accountId: string): Record<string, string>
  /**
   * Temporary credentials (access key, secret, session token) of an account's admin that expire
   * `lifetimeSeconds` after issue: until then they act as the admin (same identity and policies);
   * from then on every service refuses them with ExpiredToken. Gone after a reset. Also
   * `POST /_sandbox/credentials`, and `dist/credential-process.js` as an AWS `credential_process`.
   */
  issueCredentials(options: IssueCredentialsOptions): Promise<TemporaryCredentials>
  readonly faults: FaultRegistry
  readonly engine: JobEngine
  /** Live replication: on/off, counts, and drain() to wait until nothing is pending. */
  readonly replication: SandboxReplication
  /** The current timing (jobs and replication). */
  readonly timing: JobTiming
  setTiming(timing: Partial<JobTiming>): void
  /** Turns moto's IAM enforcement on or off (off at start). */
  setIamEnforcement(enabled: boolean): Promise<void>
  /**
   * Wipes all S3/IAM/KMS state, jobs, faults and fault counts, pending replication and issued
   * temporary credentials; enforcement
   * goes off and live replication on; timing returns to the start options; the accounts made by
   * createAccount are gone, and the first account gets a new admin user.
   */
  reset(): Promise<void>
  stop(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const region = options.region ?? 'us-east-1'
  const moto = await startMoto(options.python === undefined ? {} : { python: options.python })
  try {
    return await assemble(moto, region, options)
  } catch (error) {
    await moto.stop()
    throw error
  }
}

async function assemble(moto: MotoServer, region: string, options: SandboxOptions): Promise<Sandbox> {
  const access: MotoAccess = {
    endpoint: moto.url,
    region,
    partition: partitionOf(region),
    accountId: SANDBOX_ACCOUNT_ID,
    admin: { accessKeyId: '', secretAccessKey: '' },
    accounts: new Map(),
    iamEnforcement: false,
  }
  const accounts = new SandboxAccounts(access)
  access.admin = (await accounts.reset(SANDBOX_ACCOUNT_ID)).credentials
  const faults = new FaultRegistry()
  const sessions = new SandboxSessions(access)
  let timing: JobTiming = { ...DEFAULT_TIMING, ...options.timing }
  const keys = kmsKeyLookup(access)
  const replication = new LiveReplication({ access, faults, keys }, () => timing)
  const engine = new JobEngine({ access, faults, keys, replication, timing: () => timing })
  let gatewayServer: Server | undefined

  const setTiming = (changes: Partial<JobTiming>) => {
    timing = { ...timing, ...changes }
  }
  const setIamEnforcement = async (enabled: boolean) => {
    // moto: POST /moto-api/reset-auth with the number of requests to allow before enforcing.
    const response = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: enabled ? '0' : 'inf' })
    if (!response.ok) throw new Error(`moto refused to change IAM enforcement: ${response.status}`)
    access.iamEnforcement = enabled
  }
  const reset = async () => {
    // Jobs and replication first, so none of their writes lands in the wiped moto.
    await engine.clear()
    await replication.clear()
    await fetch(`${moto.url}/moto-api/reset`, { method: 'POST' })
    await setIamEnforcement(false)
    timing = { ...DEFAULT_TIMING, ...options.timing }
    faults.clear()
    faults.resetStats()
    sessions.clear()
    access.admin = (await accounts.reset(SANDBOX_ACCOUNT_ID)).credentials
  }
  const createAccount = (accountId: string) => accounts.create(accountId)
  const issueCredentials = async (issue: IssueCredentialsOptions) => {
    const accountId = issue.accountId ?? SANDBOX_ACCOUNT_ID
    if (typeof accountId !== 'string' || accounts.get(accountId) === undefined) {
      throw new Error(`Could not issue temporary credentials: the sandbox has no account ${JSON.stringify(accountId)}; create it with createAccount (POST /_sandbox/accounts) first.`)
    }
    return sessions.issue(accountId, issue.lifetimeSeconds)
  }

  const gateway = await startGateway({
    host: '127.0.0.1',
    port: options.port ?? 0,
    motoPort: moto.port,
    faults,
    s3Control: { engine, defaultRegion: region, callerAccount: callerAccount(access), permit: callerPermissions(access) },
    admin: adminApi({
      faults,
      replication,
      timing: () => timing,
      setTiming,
      setIamEnforcement,
      createAccount,
      issueCredentials,
      reset: async () => {
        await reset()
        return access.admin
      },
    }),
    authenticate: sessionGate(sessions),
    authorize: s3AccessGate(access),
    iam: policySimulator(access),
    observer: replicationObserver(replication),
  })
  gatewayServer = gateway.server
  const endpoint = `http://127.0.0.1:${gateway.port}`

  return {
    endpoint,
    motoEndpoint: moto.url,
    region,
    partition: access.partition,
    accountId: SANDBOX_ACCOUNT_ID,
    get credentials() {
      return access.admin
    },
    get env() {
      return sandboxEnv(endpoint, region, access.admin)
    },
    createAccount,
    accountEnv: (accountId) => {
      const account = accounts.get(accountId)
      if (account === undefined) throw new Error(`The sandbox has no account ${accountId}; create it with createAccount first.`)
      return sandboxEnv(endpoint, region, account.credentials)
    },
    issueCredentials,
    faults,
    engine,
    replication,
    get timing() {
      return timing
    },
    setTiming,
    setIamEnforcement,
    reset,
    stop: async () => {
      await engine.stop()
      await replication.stop()
      await new Promise<void>((resolve) => {
        gatewayServer?.closeAllConnections()
        gatewayServer?.close(() => resolve())
      })
      await moto.stop()
    },
  }
}

/** The standard AWS variables (service-specific endpoint URLs, Region, credentials with their session token if any) for the sandbox. */
export function sandboxEnv(endpoint: string, region: string, credentials: Credentials): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_IAM: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_ENDPOINT_URL_S3_CONTROL: endpoint,
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
  }
}
