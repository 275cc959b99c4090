import { MAX_COPY_OBJECT_BYTES } from './copy-task.js'

/** How fast the sandbox runs jobs; tests and the admin API (`/_sandbox/timing`) tune it. */
export interface JobTiming {
  /** Pause between lifecycle stages (New → Preparing → Ready → Active ...). Default: 100 ms. */
  stageDelayMs: number
  /** Pause before each task, so progress can be watched. Default: 0 ms. */
  taskDelayMs: number
  /** Tasks run at once per job. Default: 8. */
  taskConcurrency: number
  /** Largest object a copy task copies. Default: 5 GB, as on AWS. */
  maxCopyObjectBytes: number
}

export const DEFAULT_TIMING: JobTiming = {
  stageDelayMs: 100,
  taskDelayMs: 0,
  taskConcurrency: 8,
  maxCopyObjectBytes: MAX_COPY_OBJECT_BYTES,
}
