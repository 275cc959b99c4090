import type { ReplicationRule } from '@aws-sdk/client-s3'
import type { SeedClients } from '../aws/clients.js'
import type { CostEstimate } from '../jobs/cost.js'
import type { SeedEvent } from '../events.js'
import type { SeedPlan } from '../plan.js'
import type { PollJobResult } from '../jobs/poll-job.js'
import type { ReportSummary } from '../jobs/completion-report.js'
import type { Sleep } from '../util/sleep.js'
import type { DefaultEncryption } from '../buckets/default-encryption.js'
import type { Convergence } from './convergence.js'

export type { Convergence, ConvergenceProblem } from './convergence.js'

/** The types the seeding pipeline shares (facts → decide → strategies), in one module so nothing imports in a circle. */

export interface SeedRunOptions {
  clients: SeedClients
  /** The caller's account. Default: looked up with STS GetCallerIdentity. */
  accountId?: string
  /** The caller's partition; looked up with the account when not given. */
  partition?: string
  /** Create the job and return without waiting for it. Default: false. */
  detach?: boolean
  /** Plan and count, change nothing. Default: false. */
  dryRun?: boolean
  /** First delay between DescribeJob calls while attached. Default: the option schema's --poll-interval (5 s). */
  pollIntervalMs?: number
  /** Objects over this size are copied by the client in parts, not by the job. Default: 5 GiB (the copy job limit); lower it only in tests. */
  maxJobObjectBytes?: number
  /** Part size of those copies. Default: see copyLargeObject. */
  largePartSize?: number
  /** Request a restore (Bulk tier, for this many days) of every GLACIER/DEEP_ARCHIVE object met. Default: none. */
  restoreArchivedDays?: number | undefined
  /** How long status checks may fail (transiently) before an attached run stops following its job. Default: the option schema's --max-poll-outage (15 minutes). */
  maxPollOutageMs?: number
  /** Retry jobs for tasks that failed for a transient reason, at most this many rounds (attached). Default: the option schema's --retry-rounds (2). */
  retryRounds?: number
  /** A copy under a live replication rule waits at most this long for replication to settle before checking. Default: the option schema's --settle-timeout (5 minutes). */
  settleTimeoutMs?: number
  /** How long CreateJob may be retried while a new role propagates. Default: 120000 ms. */
  createJobMaxWaitMs?: number
  signal?: AbortSignal | undefined
  /** How the run waits (backoff, polling). Default: real time. */
  sleep?: Sleep | undefined
  /** The clock (for the copy guard's time). Default: Date.now. */
  now?: () => number
  onEvent?: (event: SeedEvent) => void
}

/** What the copy job cannot do, and what s3-seed did about it. */
export interface Diverted {
  /** Objects over 5 GB, copied by s3-seed with multipart UploadPartCopy. */
  large: { count: number; bytes: number; keys: string[] }
  /** Objects in GLACIER or DEEP_ARCHIVE: not copied (restore them first, then seed again). */
  archived: { count: number; examples: string[] }
}

export type SeedResult =
  | { kind: 'dry-run'; plan: SeedPlan; operation: 'copy' | 'replicate'; sourceRegion: string; destinationRegion: string; objectCount: number; skipped: number; totalBytes: number; cost: CostEstimate; replicated: boolean; diverted: Diverted; kms: KmsKeys }
  | { kind: 'empty'; plan: SeedPlan; skipped: number; diverted: Diverted }
  | ({ kind: 'created'; plan: SeedPlan } & StartedJob)
  | ({
      kind: 'finished'
      plan: SeedPlan
      outcome: PollJobResult
      /** Absent when the job wrote no report (--no-report) or s3-seed stopped following it. */
      report?: ReportSummary | undefined
      /** Retry jobs for transiently failed tasks, in order (attached runs with retry rounds). */
      rounds?: RetryRound[]
      /** Tasks over the job and all its retry rounds. */
      totals?: TaskTotals
      /** A copy under a live replication rule: what was checked and repaired after the job (seed/converge.ts). */
      convergence?: Convergence
      /** A destination in another account: the statements its owner must add, for a summary of AccessDenied tasks. */
      destinationStatements?: string[]
    } & StartedJob)

/** A job s3-seed created (or found running) for a pair, and what went into it. */
export interface StartedJob {
  jobId: string
  region: string
  objectCount: number
  skipped: number
  manifest: string
  diverted: Diverted
}

/** One retry job for the transiently failed tasks of the job before it. */
export interface RetryRound extends Omit<StartedJob, 'skipped' | 'diverted'> {
  round: number
  outcome: PollJobResult
  report?: ReportSummary | undefined
}

export interface TaskTotals {
  /** Tasks of the first job. */
  total: number
  /** Tasks that succeeded in any round. */
  succeeded: number
  /** Tasks still failed after the last round (objects changed or gone since the listing aside). */
  failed: number
  /** Tasks whose object changed or was deleted after the listing: replication carries them. */
  changedOrGone: number
  /** The job and every retry job, in order. */
  jobIds: string[]
}

/** A running s3-seed job for the pair, found by its description. */
export interface RunningJob {
  jobId: string
  region: string
  /** Unknown until S3 has read the job's manifest. */
  total: number | undefined
}

/**
 * Everything from AWS that the decision needs, gathered before anything is decided or created.
 * Optional facts are only looked up when the plan makes them matter (each costs a call and a
 * permission); undefined means "not looked up".
 */
export interface SeedFacts {
  accountId: string
  /** The caller's partition (aws, aws-cn, aws-us-gov...): every ARN s3-seed builds is in it. */
  partition: string
  /** The account that owns each bucket; every request to them is pinned to it (aws/bucket-owners.ts). */
  owners: { source: string; destination: string; manifest: string; report: string }
  regions: { source: string; destination: string; manifest: string; report: string }
  /** The source's replication role, and its enabled rules to the destination (none: no replication to it). */
  replication: { role: string | undefined; rules: ReplicationRule[] }
  /** The source has an enabled replication rule to the destination. */
  replicatesToDestination: boolean
  /** One of those rules replicates every object under the pair's prefix (no tag filter, a prefix that contains ours). */
  replicationCoversPair: boolean
  /** The destination has an enabled rule back to the source (two-way replication). */
  replicatesBack?: boolean
  /** Noncurrent versions and delete markers among the source's first 1,000 versions. */
  earlierVersions?: number
  destinationVersioned?: boolean
  /** The source holds objects under the prefix (s3-seed's own files aside). */
  sourceHasObjects?: boolean
  /** The destination holds objects under the prefix: a comparison is worth making. */
  destinationHasObjects?: boolean
  runningJob?: RunningJob
  /**
   * A destination in another account, read with --destination-profile: its bucket policy and the key
   * policy of its SSE-KMS key ('' when it has none). Undefined when not read.
   */
  destinationPolicies?: { bucket: string; key: string | undefined }
  /** A destination in another account enforces bucket-owner ownership (copy plans only; false when unreadable). */
  destinationOwnerEnforced?: boolean
  /** The key ARN of --kms-key, an alias resolved (copy plans only). */
  kmsKeyArn?: string
  /** Default encryption of the source and destination (copy plans only). */
  encryption?: { source: DefaultEncryption; destination: DefaultEncryption }
}

export interface Operation {
  name: 'copy' | 'replicate'
  /** Why, when s3-seed chose Batch Replication (or was told to). */
  reason?: string
}

/** What a seeding will do. Every strategy says why it was chosen. */
export type Strategy =
  | { kind: 'list-and-copy'; compare: boolean; guard: boolean; reason: string }
  | { kind: 'copy-with-s3-manifest'; manifest: 'generated' | 'inventory'; guard: boolean; reason: string }
  | { kind: 'batch-replication'; reason: string }
  | { kind: 'follow'; job: RunningJob; reason: string }
  | { kind: 'nothing-to-do'; reason: string }
  | { kind: 'dry-run'; then: Exclude<Strategy, { kind: 'dry-run' | 'follow' }>; reason: string }

/** The KMS keys a copy job's role must be allowed to use, named by ARN, never `*`. */
export interface KmsKeys {
  /** kms:Decrypt: the source's default key and the keys named with --source-kms-key. */
  decrypt: string[]
  /** kms:GenerateDataKey and kms:Encrypt: the key the copies are written with. */
  encrypt: string[]
}

export interface Decision {
  operation: Operation
  strategy: Strategy
  /** The KMS keys the copy role may use (none for Batch Replication, whose replication role reads and writes). */
  kms: KmsKeys
  /** Things the user should know before it runs (e.g. no replication rule to the destination). */
  warnings: string[]
  /** A destination in another account: the policy statements its owner must add for the job's role. */
  destinationStatements: string[]
}
