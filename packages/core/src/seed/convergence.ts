/** What the check after a copy under a live replication rule reports (seed/converge.ts); its own module, so events.ts can name it without a cycle. */

/** One key where the destination did not end as replication alone would have made it. */
export interface ConvergenceProblem {
  key: string
  /**
   * stale: an older copy is current over the source's newer version; resurrected: a copy is current
   * although the source's current is a replicated delete marker; replication-failed or
   * replication-pending: the source's current version has not reached the destination.
   */
  problem: 'stale' | 'resurrected' | 'replication-failed' | 'replication-pending'
  detail: string
}

/** The check and repair after a copy under a live replication rule. */
export interface Convergence {
  /** Keys written in the source since the listing: the only ones a late copy can have overwritten. */
  written: number
  /** Time spent waiting for their replication to settle, in ms. */
  settledMs: number
  /** Keys whose late copies s3-seed removed, so the replica (stale) or delete marker (resurrected) below is current. */
  repaired: { stale: number; resurrected: number; keys: string[] }
  /** Keys still not right, in key order. Empty when the destination converged. */
  unconverged: ConvergenceProblem[]
  /** Set when the check itself could not be made (e.g. AccessDenied on ListObjectVersions): nothing is known. */
  error?: string
  /** What to run next when something is left: replicate failed keys again, compare by content. */
  nextCommands: string[]
}
