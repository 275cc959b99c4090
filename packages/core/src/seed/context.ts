import type { SeedClients } from '../aws/clients.js'
import type { SeedEvent } from '../events.js'
import { CREATE_JOB_MAX_WAIT_MS, type CreateJobOptions } from '../jobs/create-job.js'
import { MAX_JOB_OBJECT_BYTES } from '../manifest/copyable.js'
import { defaultOf } from '../options/schema.js'
import type { SeedPlan } from '../plan.js'
import { realSleep, type Sleep } from '../util/sleep.js'
import type { KmsKeys, SeedFacts, SeedRunOptions } from './types.js'

/** One seeding's plan, facts and run settings with defaults applied: what every strategy step takes. */
export interface SeedContext {
  plan: SeedPlan
  facts: SeedFacts
  /** The KMS keys the copy role may use (decide). */
  kms: KmsKeys
  /** A destination in another account: the statements its owner must add (decide). */
  destinationStatements: string[]
  clients: SeedClients
  emit: (event: SeedEvent) => void
  sleep: Sleep
  signal: AbortSignal | undefined
  detach: boolean
  pollIntervalMs: number
  maxJobObjectBytes: number
  /** Undefined: each large object's part size follows from its size (copyLargeObject). */
  largePartSize: number | undefined
  /** Undefined: archived objects are counted, not restored. */
  restoreArchivedDays: number | undefined
  createJobMaxWaitMs: number
  maxPollOutageMs: number
  retryRounds: number
  settleTimeoutMs: number
  now: () => number
}

export function seedContext(plan: SeedPlan, facts: SeedFacts, kms: KmsKeys, run: SeedRunOptions, destinationStatements: string[] = []): SeedContext {
  return {
    plan,
    facts,
    kms,
    destinationStatements,
    clients: run.clients,
    emit: run.onEvent ?? (() => {}),
    sleep: run.sleep ?? realSleep,
    signal: run.signal,
    detach: run.detach ?? defaultOf('detach'),
    // The run options' defaults are the option schema's (in seconds and minutes there).
    pollIntervalMs: run.pollIntervalMs ?? defaultOf('pollInterval') * 1000,
    maxJobObjectBytes: run.maxJobObjectBytes ?? MAX_JOB_OBJECT_BYTES,
    largePartSize: run.largePartSize,
    restoreArchivedDays: run.restoreArchivedDays,
    createJobMaxWaitMs: run.createJobMaxWaitMs ?? CREATE_JOB_MAX_WAIT_MS,
    maxPollOutageMs: run.maxPollOutageMs ?? defaultOf('maxPollOutage') * 60_000,
    retryRounds: run.retryRounds ?? defaultOf('retryRounds'),
    settleTimeoutMs: run.settleTimeoutMs ?? defaultOf('settleTimeout') * 60_000,
    now: run.now ?? Date.now,
  }
}

/** CreateJob's retry settings, with retries reported as events. */
export function createJobOptions(context: SeedContext): CreateJobOptions {
  return {
    maxWaitMs: context.createJobMaxWaitMs,
    sleep: context.sleep,
    signal: context.signal,
    onRetry: (attempt, delayMs, reason) => context.emit({ type: 'job-retry', attempt, delayMs, reason }),
  }
}
