import type { MotoAccess } from '../aws-clients.js'
import type { FaultRegistry } from '../faults/registry.js'
import type { JobTiming } from './job-timing.js'

/** What a running job needs from the engine that started it. */
export interface JobRunContext {
  readonly access: MotoAccess
  readonly faults: FaultRegistry
  /** The current timing. A function, because the admin API can change timing while a job runs. */
  readonly timing: () => JobTiming
  /** True once the engine is stopping: waits end and no further task starts. */
  readonly stopped: () => boolean
}
