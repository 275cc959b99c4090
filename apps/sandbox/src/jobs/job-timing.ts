/** Largest object a copy task can copy: 5 GB (UG batch-ops-copy-object). Tests may lower it. */
export const MAX_COPY_OBJECT_BYTES = 5 * 1024 ** 3

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
   * at once). Above 0, a task copies the version that was current when it started, and checks its
   * conditions (UnModifiedSinceConstraint...) when it writes [inferred model of a long copy]: an
   * overwrite and its replica can land in between, the race a seeding under live writes must survive.
   */
  copyLatencyMs: number
}

export const DEFAULT_TIMING: JobTiming = {
  stageDelayMs: 100,
  taskDelayMs: 0,
  taskConcurrency: 8,
  maxCopyObjectBytes: MAX_COPY_OBJECT_BYTES,
  replicationLagMs: 50,
  copyLatencyMs: 0,
}
