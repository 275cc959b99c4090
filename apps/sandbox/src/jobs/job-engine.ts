import { randomUUID } from 'node:crypto'
import { jobArn, partitionOf } from '../arn.js'
import type { MotoAccess } from '../aws-clients.js'
import type { CreateJobInput, Tag } from '../s3control/create-job-input.js'
import { S3ControlError } from '../s3control/errors.js'
import { checkCreateJob } from './create-job-checks.js'
import type { Job } from './job.js'
import { failJob, requestStatusChange } from './job-lifecycle.js'
import type { JobRunContext } from './job-run-context.js'
import { runJob } from './job-runner.js'
import type { JobTiming } from './job-timing.js'

/**
 * Runs S3 Batch Operations jobs against moto, through the documented lifecycle. The engine keeps
 * the jobs and answers the S3 Control job API; each job runs in the background (see job-runner.ts).
 */
export class JobEngine {
  private readonly jobs = new Map<string, Job>()
  private readonly tokens = new Map<string, { fingerprint: string; jobId: string }>()
  private readonly running = new Set<Promise<void>>()
  private stopped = false
  /** Bumped by clear(): a job of an earlier generation stops at its next task or stage. */
  private generation = 0
  private readonly context: JobRunContext

  private readonly access: MotoAccess

  /** `services.timing` is read afresh at every step, so the sandbox can change it while jobs run. */
  constructor(services: Omit<JobRunContext, 'stopped'>) {
    this.access = services.access
    this.context = { ...services, stopped: () => this.stopped }
  }

  /** The timing jobs run with now (change it with Sandbox.setTiming). */
  get timing(): JobTiming {
    return this.context.timing()
  }

  /**
   * CreateJob. A repeated ClientRequestToken with the same request returns the same job; with a
   * different request it is an IdempotencyException (S3 Control model, ClientRequestToken).
   */
  async create(input: CreateJobInput, region: string, fingerprint: string): Promise<Job> {
    const known = this.tokens.get(input.clientRequestToken)
    if (known) {
      if (known.fingerprint !== fingerprint) {
        throw new S3ControlError('IdempotencyException', 'The ClientRequestToken was already used for a different CreateJob request.')
      }
      return this.get(known.jobId)
    }
    await checkCreateJob(this.access, input, region)
    const id = randomUUID()
    const job: Job = {
      id,
      arn: jobArn(partitionOf(region), region, input.accountId, id),
      region,
      input,
      status: 'New',
      priority: input.priority,
      tags: input.tags,
      creationTime: new Date(),
      failureReasons: [],
      succeeded: 0,
      failed: 0,
      activeMs: 0,
    }
    this.jobs.set(id, job)
    this.tokens.set(input.clientRequestToken, { fingerprint, jobId: id })
    const generation = this.generation
    const context = { ...this.context, stopped: () => this.stopped || this.generation !== generation }
    const run = runJob(job, context).catch((error: unknown) => {
      failJob(job, 'InternalError', `The sandbox failed to run the job: ${String(error)}`)
    })
    this.running.add(run)
    void run.finally(() => this.running.delete(run))
    return job
  }

  get(id: string): Job {
    const job = this.jobs.get(id)
    if (job === undefined) throw new S3ControlError('NotFoundException', `Job ${id} does not exist.`)
    return job
  }

  /** All jobs, newest first. */
  list(): Job[] {
    return [...this.jobs.values()].sort((a, b) => b.creationTime.getTime() - a.creationTime.getTime())
  }

  /** UpdateJobStatus: Ready confirms a Suspended job; Cancelled stops any job that has not ended. */
  requestStatus(id: string, requested: string, reason?: string): Job {
    const job = this.get(id)
    requestStatusChange(job, requested, reason)
    return job
  }

  setPriority(id: string, priority: number): Job {
    const job = this.get(id)
    job.priority = priority
    return job
  }

  setTags(id: string, tags: Tag[]): void {
    this.get(id).tags = tags
  }

  /**
   * Forgets every job and token (sandbox reset), and waits for the jobs still running to stop, so
   * nothing of one test's jobs reaches into the next.
   */
  async clear(): Promise<void> {
    this.generation++
    this.jobs.clear()
    this.tokens.clear()
    await Promise.allSettled([...this.running])
  }

  async stop(): Promise<void> {
    this.stopped = true
    await Promise.allSettled([...this.running])
  }
}
