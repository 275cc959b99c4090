import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand, IAMClient } from '@aws-sdk/client-iam'
import type { Server } from 'node:http'
import type { Credentials, MotoAccess } from './aws-clients.js'
import { FaultRegistry } from './faults/registry.js'
import { startGateway } from './gateway.js'
import { JobEngine } from './jobs/job-engine.js'
import { DEFAULT_TIMING, type JobTiming } from './jobs/job-timing.js'
import { startMoto, type MotoServer } from './moto.js'
import { adminApi } from './admin-api.js'
import { kmsKeyLookup } from './iam/kms-keys.js'
import { replicationObserver } from './replication/gateway-observer.js'
import { LiveReplication, type SandboxReplication } from './replication/live-replication.js'

/** moto's default account; STS GetCallerIdentity returns it. */
export const SANDBOX_ACCOUNT_ID = '123456789012'

export interface SandboxOptions {
  /** Port of the sandbox endpoint. Default: a free port. */
  port?: number
  /** Default Region (used when a request is not signed). Default: us-east-1. */
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
  readonly accountId: string
  /** Credentials of the sandbox's admin user; they work with IAM enforcement on or off. */
  readonly credentials: Credentials
  /** Environment that points an AWS SDK or the AWS CLI at the sandbox. */
  readonly env: Record<string, string>
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
   * Wipes all S3/IAM/KMS state, jobs, faults and fault counts, and pending replication; enforcement
   * goes off and live replication on; timing returns to the start options; a new admin user is made.
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
    accountId: SANDBOX_ACCOUNT_ID,
    admin: await createAdmin(moto.url, region),
    iamEnforcement: false,
  }
  const faults = new FaultRegistry()
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
    access.admin = await createAdmin(moto.url, region)
  }

  const gateway = await startGateway({
    host: '127.0.0.1',
    port: options.port ?? 0,
    motoPort: moto.port,
    faults,
    s3Control: { engine, defaultRegion: region },
    admin: adminApi({
      faults,
      replication,
      timing: () => timing,
      setTiming,
      setIamEnforcement,
      reset: async () => {
        await reset()
        return access.admin
      },
    }),
    observer: replicationObserver(replication),
  })
  gatewayServer = gateway.server
  const endpoint = `http://127.0.0.1:${gateway.port}`

  return {
    endpoint,
    motoEndpoint: moto.url,
    region,
    accountId: SANDBOX_ACCOUNT_ID,
    get credentials() {
      return access.admin
    },
    get env() {
      return sandboxEnv(endpoint, region, access.admin)
    },
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

/** The standard AWS variables (service-specific endpoint URLs, Region, credentials) for the sandbox. */
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
  }
}

/**
 * An IAM user allowed everything, created while enforcement is off, so that the sandbox (and tests)
 * keep working after enforcement is turned on (the moto recipe in docs/aws-facts.md, "The local sandbox and AWS").
 */
async function createAdmin(motoUrl: string, region: string): Promise<Credentials> {
  const iam = new IAMClient({ endpoint: motoUrl, region, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } })
  try {
    await iam.send(new CreateUserCommand({ UserName: 'sandbox-admin' }))
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'sandbox-admin',
        PolicyName: 'allow-everything',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      }),
    )
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'sandbox-admin' }))
    return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' }
  } finally {
    iam.destroy()
  }
}
