import type { MotoAccess } from '../aws-clients.js'
import type { FaultRegistry } from '../faults/registry.js'
import type { KeyLookup } from '../iam/kms-keys.js'
import type { WriteEvent } from '../replication/live-replication.js'
import type { JobTiming } from './job-timing.js'

/** What a running job needs from the engine that started it. */
export interface JobRunContext {
  readonly access: MotoAccess
  readonly faults: FaultRegistry
  /** The current timing. A function, because the admin API can change timing while a job runs. */
  readonly timing: () => JobTiming
  /** Finds KMS keys in moto's KMS, for the KMS permission checks under IAM enforcement. */
  readonly keys: KeyLookup
  /** Live replication, told of every version a task writes (a seeded copy replicates onward: docs/aws-facts.md, "Copies are not replicas"). */
  readonly replication: { written(event: WriteEvent): Promise<void> }
  /** True once the engine is stopping: waits end and no further task starts. */
  readonly stopped: () => boolean
}
