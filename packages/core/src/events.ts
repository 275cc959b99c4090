import type { JobSnapshot } from './jobs/job-snapshot.js'
import type { OutageRetry } from './aws/outage.js'
import type { Convergence } from './seed/convergence.js'

/** What a seeding run reports as it goes; adapters (CLI, Action) render these. */
export type SeedEvent =
  | { type: 'warning'; message: string }
  | { type: 'operation-chosen'; operation: 'copy' | 'replicate'; reason: string }
  | { type: 'role-ready'; arn: string; created: boolean }
  | { type: 'manifest-started'; source: string }
  | { type: 'manifest-progress'; listed: number }
  | { type: 'manifest-uploaded'; bucket: string; key: string; objectCount: number; skipped: number }
  | { type: 'job-found'; jobId: string; region: string }
  | { type: 'large-copy'; key: string; copiedBytes: number; totalBytes: number }
  | { type: 'job-retry'; attempt: number; delayMs: number; reason: string }
  | { type: 'job-created'; jobId: string; region: string }
  | { type: 'job-progress'; job: JobSnapshot }
  | { type: 'poll-retry'; retry: OutageRetry }
  | { type: 'convergence-started'; written: number; since: string }
  | { type: 'convergence-settling'; settled: number; written: number }
  | { type: 'convergence-done'; convergence: Convergence }
  | { type: 'retry-round'; round: number; rounds: number; jobId: string; region: string; objectCount: number; retriedJobId: string }
