import type { SeedClients } from '../aws/clients.js'
import type { SeedEvent } from '../events.js'
import type { CreateJobOptions } from '../jobs/create-job.js'
import type { SeedPlan } from '../plan.js'
import { realSleep, type Sleep } from '../util/sleep.js'
import type { KmsKeys, SeedFacts, SeedRunOptions } from './types.js'

/** One seeding's plan, facts and run settings with defaults applied: what every strategy step takes. */
export interface SeedContext {
  plan: SeedPlan
  facts: SeedFacts
  /** The KMS keys the copy role may use (decide). */
  kms: KmsKeys
  clients: SeedClients
  emit: (event: SeedEvent) => void
  sleep: Sleep
  signal: AbortSignal | undefined
  detach: boolean
  pollIntervalMs: number | undefined
  maxJobObjectBytes: number | undefined
  largePartSize: number | undefined
  restoreArchivedDays: number | undefined
  createJobMaxWaitMs: number | undefined
  maxPollOutageMs: number | undefined
  retryRounds: number
  now: () => number
}

export function seedContext(plan: SeedPlan, facts: SeedFacts, kms: KmsKeys, run: SeedRunOptions): SeedContext {
  return {
    plan,
    facts,
    kms,
    clients: run.clients,
    emit: run.onEvent ?? (() => {}),
    sleep: run.sleep ?? realSleep,
    signal: run.signal,
    detach: run.detach ?? false,
    pollIntervalMs: run.pollIntervalMs,
    maxJobObjectBytes: run.maxJobObjectBytes,
    largePartSize: run.largePartSize,
    restoreArchivedDays: run.restoreArchivedDays,
    createJobMaxWaitMs: run.createJobMaxWaitMs,
    maxPollOutageMs: run.maxPollOutageMs,
    retryRounds: run.retryRounds ?? 2,
    now: run.now ?? Date.now,
  }
}

/** CreateJob's retry settings, with retries reported as events. */
export function createJobOptions(context: SeedContext): CreateJobOptions {
  return {
    ...(context.createJobMaxWaitMs === undefined ? {} : { maxWaitMs: context.createJobMaxWaitMs }),
    sleep: context.sleep,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
    onRetry: (attempt, delayMs, reason) => context.emit({ type: 'job-retry', attempt, delayMs, reason }),
  }
}
