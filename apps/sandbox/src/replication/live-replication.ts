import { GetBucketReplicationCommand, type ReplicationConfiguration, type S3Client } from '@aws-sdk/client-s3'
import { s3ClientFor, describeAwsError } from '../aws-clients.js'
import type { JobTiming } from '../jobs/job-timing.js'
import { setReplicationStatus } from './moto-replica.js'
import { replicateVersion, type ReplicationDeps } from './replicate.js'
import { planReplication, type ReplicationTarget, type SourceVersion } from './rules.js'
import { describeObjectVersion } from './source-version.js'

/** A new version in a bucket: an object written, or a delete marker made by a DELETE without a version ID. */
export interface WriteEvent {
  bucket: string
  key: string
  versionId: string
  deleteMarker: boolean
}

/** Counts of object versions (and delete markers) live replication has handled since the last reset. */
export interface ReplicationStats {
  enabled: boolean
  /** Waiting for their lag or being replicated now. */
  pending: number
  completed: number
  failed: number
}

/** What the Sandbox object exposes of live replication. */
export interface SandboxReplication {
  /** Whether live replication runs. On after start and after every reset. */
  readonly enabled: boolean
  /** Turns live replication on or off; versions already pending still finish. */
  setEnabled(enabled: boolean): void
  stats(): ReplicationStats
  /** Waits until no version is pending (default timeout 30 s), then returns the stats. */
  drain(timeoutMs?: number): Promise<ReplicationStats>
}

interface Work {
  roleArn: string
  source: SourceVersion
  targets: ReplicationTarget[]
}

/** Replica writes at once; moto is one single-threaded process. */
const CONCURRENCY = 4

/**
 * Live replication (UG replication): every new version in a bucket with a replication configuration
 * that a rule covers is marked PENDING at once (before the writer gets its answer), then, after
 * `timing.replicationLagMs`, replicated to each rule's destination, ending COMPLETED or FAILED
 * (UG replication-status). Replicas themselves are not replicated onward
 * (UG replication-what-is-isnot-replicated); deletes of a specific version are not write events.
 *
 * The gateway reports the writes it proxies (PutObject, CopyObject, CompleteMultipartUpload,
 * DeleteObject, DeleteObjects) and the job engine its copy tasks' writes. Configurations are cached
 * per bucket, and dropped when the gateway sees the bucket's replication or the bucket itself change.
 */
export class LiveReplication implements SandboxReplication {
  enabled = true
  private readonly configs = new Map<string, Promise<ReplicationConfiguration | undefined>>()
  private readonly inFlight = new Set<Promise<void>>()
  /** Work waiting for its lag: the timer and how to settle the work if the timer is cancelled. */
  private readonly scheduled = new Map<NodeJS.Timeout, () => void>()
  private counts = { completed: 0, failed: 0 }
  private queued = 0
  private running = 0
  private readonly waiting: Array<() => void> = []
  private generation = 0
  private client: { s3: S3Client; accessKeyId: string } | undefined

  constructor(
    private readonly deps: ReplicationDeps,
    private readonly timing: () => JobTiming,
  ) {}

  /** S3's own client: the sandbox admin, whose credentials change with every reset. */
  private get s3(): S3Client {
    const { admin } = this.deps.access
    if (this.client?.accessKeyId !== admin.accessKeyId) {
      this.client?.s3.destroy()
      this.client = { s3: s3ClientFor(this.deps.access, admin), accessKeyId: admin.accessKeyId }
    }
    return this.client.s3
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled
  }

  /** Forget a bucket's cached configuration (it, or the bucket, changed). */
  invalidate(bucket: string): void {
    this.configs.delete(bucket)
  }

  /**
   * A new version was written. Decides whether it replicates, marks it PENDING, and queues the work.
   * Never throws: a write that cannot be looked at is simply not replicated.
   */
  async written(event: WriteEvent): Promise<void> {
    if (!this.enabled || event.versionId === '' || event.versionId === 'null') return
    const generation = this.generation
    try {
      const config = await this.configFor(event.bucket)
      if (config?.Role === undefined) return
      const source: SourceVersion = event.deleteMarker
        ? { bucket: event.bucket, key: event.key, versionId: event.versionId, deleteMarker: true }
        : await describeObjectVersion(this.s3, config, event)
      if (source.replicationStatus === 'REPLICA') return
      const targets = planReplication(config, source)
      if (targets.length === 0 || generation !== this.generation) return
      if (!source.deleteMarker) await setReplicationStatus(this.deps.access, source, 'PENDING')
      this.schedule({ roleArn: config.Role, source, targets })
    } catch {
      // e.g. the object was deleted again before we looked: nothing to replicate.
    }
  }

  stats(): ReplicationStats {
    return { enabled: this.enabled, pending: this.queued, ...this.counts }
  }

  /** Waits until nothing is pending (or throws after `timeoutMs`), then returns the stats. */
  async drain(timeoutMs = 30_000): Promise<ReplicationStats> {
    const deadline = Date.now() + timeoutMs
    while (this.inFlight.size > 0) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error(`Live replication still has ${this.queued} version(s) pending after ${timeoutMs} ms.`)
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((resolve) => (timer = setTimeout(resolve, remaining))),
      ])
      clearTimeout(timer)
    }
    return this.stats()
  }

  /** Sandbox reset: drop queued work, wait for running work, zero the counts, turn replication back on. */
  async clear(): Promise<void> {
    this.generation++
    this.cancelScheduled()
    await Promise.allSettled([...this.inFlight])
    this.configs.clear()
    this.counts = { completed: 0, failed: 0 }
    this.enabled = true
  }

  /** Sandbox stop: drop queued work and wait for running work. */
  async stop(): Promise<void> {
    this.generation++
    this.cancelScheduled()
    await Promise.allSettled([...this.inFlight])
    this.client?.s3.destroy()
  }

  private async configFor(bucket: string): Promise<ReplicationConfiguration | undefined> {
    let config = this.configs.get(bucket)
    if (config === undefined) {
      config = this.s3.send(new GetBucketReplicationCommand({ Bucket: bucket })).then(
        (output) => output.ReplicationConfiguration,
        (error: unknown) => {
          // Not cached when the answer is not a plain "no configuration": ask again next time.
          if (describeAwsError(error).code !== 'ReplicationConfigurationNotFoundError') this.configs.delete(bucket)
          return undefined
        },
      )
      this.configs.set(bucket, config)
    }
    return config
  }

  private schedule(work: Work): void {
    const generation = this.generation
    this.queued++
    let finish: () => void = () => {}
    const done = new Promise<void>((resolve) => {
      finish = () => {
        this.queued--
        this.inFlight.delete(done)
        resolve()
      }
    })
    this.inFlight.add(done)
    const timer = setTimeout(() => {
      this.scheduled.delete(timer)
      if (generation !== this.generation) return finish()
      void this.run(work, generation).finally(finish)
    }, Math.max(0, this.timing().replicationLagMs))
    this.scheduled.set(timer, finish)
  }

  /** Work still waiting for its lag is dropped (reset or stop), and settled so drain() returns. */
  private cancelScheduled(): void {
    for (const [timer, finish] of this.scheduled) {
      clearTimeout(timer)
      finish()
    }
    this.scheduled.clear()
  }

  private async run(work: Work, generation: number): Promise<void> {
    while (this.running >= CONCURRENCY) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.running++
    try {
      if (generation !== this.generation) return
      const outcome = await replicateVersion(this.deps, work.roleArn, work.source, work.targets)
      if (generation === this.generation) this.counts[outcome.status === 'COMPLETED' ? 'completed' : 'failed']++
    } catch {
      if (generation === this.generation) this.counts.failed++
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }
}
