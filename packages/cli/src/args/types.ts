import type { PairSettings, PairsSource } from '@s3-seed/core'

/** Options every command takes: where AWS is and how to talk. */
export interface GlobalOptions {
  region?: string
  profile?: string
  json: boolean
  /** Print notes on how s3-seed talks to AWS (stderr). */
  verbose: boolean
}

export interface SeedCommandOptions extends GlobalOptions {
  /** SOURCE DESTINATION, --pairs FILE, or --from-replication [BUCKET...] (no buckets: every bucket). */
  pairs: PairsSource
  detach: boolean
  dryRun: boolean
  /** Pairs seeded at once. */
  concurrency: number
  /** First delay between DescribeJob calls, in seconds. */
  pollIntervalSeconds: number
  /** Request restores of GLACIER/DEEP_ARCHIVE objects for this many days. */
  restoreArchivedDays?: number
  /** Keep following a job through this many minutes of failing status checks. */
  maxPollOutageMinutes: number
  /** Retry jobs for transiently failed tasks, at most this many. */
  retryRounds: number
  /** A copy under a live replication rule: longest wait for replication to settle before checking. */
  settleTimeoutMinutes: number
  /** Settings for every pair (a pairs file may override them per pair). */
  defaults: PairSettings
  /** Check every pair before creating anything (--no-check: false). */
  check: boolean
}

/** `s3-seed check`: the pairs as seed takes them, checked with bounded concurrency. */
export type CheckCommandOptions = GlobalOptions & Pick<SeedCommandOptions, 'pairs' | 'concurrency' | 'defaults'>

export interface JobsCommandOptions extends GlobalOptions {
  jobIds: string[]
  pollIntervalSeconds: number
  maxPollOutageMinutes: number
}

export interface RetryCommandOptions extends GlobalOptions {
  jobId: string
  detach: boolean
  pollIntervalSeconds: number
  maxPollOutageMinutes: number
}

export interface VerifyCommandOptions extends GlobalOptions {
  source: string
  destination: string
  prefix?: string
  compareEtags: boolean
  /** Also compare the content of same-size objects (HeadObject on both sides). */
  checksum: boolean
  /** Write every difference to this new file (mode 0600); it must not exist, unless `force`. Default: no file. */
  csvFile?: string
  /** With csvFile: replace an existing file (or a symbolic link, itself, not its target). Default: false. */
  force: boolean
  /** The account that owns DESTINATION (default: the caller's): requests to each bucket are pinned to its owner. */
  destinationAccount?: string
}

export interface CleanupCommandOptions extends GlobalOptions {
  buckets: string[]
  yes: boolean
}

export type ParsedCommand =
  | { name: 'seed'; options: SeedCommandOptions }
  | { name: 'check'; options: CheckCommandOptions }
  | { name: 'status' | 'watch' | 'cancel'; options: JobsCommandOptions }
  | { name: 'cleanup'; options: CleanupCommandOptions }
  | { name: 'verify'; options: VerifyCommandOptions }
  | { name: 'retry'; options: RetryCommandOptions }
  /** cac has already printed the help or the version. */
  | { name: 'help' | 'version' }
