/** Largest object a copy task can copy: 5 GB (UG batch-ops-copy-object). Tests may lower it. */
export const MAX_COPY_OBJECT_BYTES = 5 * 1024 ** 3

/** When a long copy checks its conditions: 'read' as S3 does, 'write' a comparison model; see JobTiming.copyConditionsAt. */
export type CopyConditionsAt = 'write' | 'read'

/** How fast the sandbox runs jobs and replication; tests and the admin API (`/_sandbox/timing`) tune it. */
export interface JobTiming {
  /** Pause between lifecycle stages (New → Preparing → Ready → Active ...). Default: 100 ms. */
  stageDelayMs: number
  /** Pause before each task, so progress can be watched. Default: 0 ms. */
  taskDelayMs: number
  /** Tasks run at once per job. Default: 8. */
  taskConcurrency: number
  /** Largest object a copy task copies. Default: 5 GB, as on AWS. */
  maxCopyObjectBytes: number
  /** Time from a write to its live replication (the source reads PENDING meanwhile). Default: 50 ms. */
  replicationLagMs: number
  /**
   * How long one copy task takes from reading its source to writing the copy. Default: 0 (CopyObject
   * at once). Above 0, a task copies the version that was current when it started [inferred model of
   * a long copy]: an overwrite or delete and its replica can land in between, the race a seeding under
   * live writes must survive. Its conditions (UnModifiedSinceConstraint...) are checked as
   * `copyConditionsAt` says: by default when it reads its source, as S3 does (API CopyObject).
   */
  copyLatencyMs: number
  /**
   * When a long copy (copyLatencyMs above 0) checks its conditions and that its source still exists.
   * 'read' (default, S3's behaviour): when it reads its source. CopyObject evaluates
   * x-amz-copy-source-if-* against the source it reads, and a failed condition is an error returned
   * before the copy starts (API CopyObject). A change or delete during the copy does not stop it:
   * the copy lands later and, newer than the change's replica, ends up current [inferred: S3
   * documents neither a copy's LastModified nor how replicas are ordered].
   * 'write': NOT S3's behaviour, a model kept for comparison: the conditions are checked again when
   * the copy lands, so a source changed or deleted during the copy fails the task (412, 404) and
   * nothing lands. It shows what a guard would achieve if S3 checked last (docs/decisions.md).
   */
  copyConditionsAt: CopyConditionsAt
}

export const DEFAULT_TIMING: JobTiming = {
  stageDelayMs: 100,
  taskDelayMs: 0,
  taskConcurrency: 8,
  maxCopyObjectBytes: MAX_COPY_OBJECT_BYTES,
  replicationLagMs: 50,
  copyLatencyMs: 0,
  copyConditionsAt: 'read',
}
