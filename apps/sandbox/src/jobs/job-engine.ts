import { GetBucketLocationCommand, GetBucketReplicationCommand, type S3Client } from '@aws-sdk/client-s3'
import { GetRoleCommand } from '@aws-sdk/client-iam'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { roleNameFromArn } from '../arn.js'
import { assumeRole, describeAwsError, iamClientFor, s3ClientFor, type MotoAccess } from '../aws-clients.js'
import type { FaultRegistry } from '../faults.js'
import type { CreateJobInput, Tag } from '../s3control/create-job-request.js'
import { badRequest, S3ControlError } from '../s3control/errors.js'
import { runCopyTask, MAX_COPY_OBJECT_BYTES } from './copy-task.js'
import { isTerminal, type Job, type JobStatus } from './job.js'
import { generateManifest } from './manifest-generator.js'
import { JobFailure, readCsvManifest, readInventoryManifest } from './manifest-reader.js'
import { runReplicateTask } from './replicate-task.js'
import { writeReport, type TaskOutcome } from './report-writer.js'
import type { Task, TaskResult } from './task.js'

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

/** "If more than 50% of tasks fail after 1,000 tasks, the job fails" (UG batch-ops-job-status). */
const FAILURE_RULE = { minTasks: 1000, maxRate: 0.5 }

const BATCH_OPERATIONS_PRINCIPAL = 'batchoperations.s3.amazonaws.com'

/** Runs S3 Batch Operations jobs against moto, through the documented lifecycle. */
export class JobEngine {
  private readonly jobs = new Map<string, Job>()
  private readonly tokens = new Map<string, { fingerprint: string; jobId: string }>()
  private readonly running = new Set<Promise<void>>()
  private stopped = false
  /** Extra clients a job opened (the replication role's), closed when that job ends. */
  private readonly jobClients = new Map<string, S3Client[]>()
  timing: JobTiming

  constructor(
    private readonly access: MotoAccess,
    private readonly faults: FaultRegistry,
    timing: Partial<JobTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing }
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
    await this.checkRole(input.roleArn)
    if (input.operation.name === 'S3PutObjectCopy') {
      // Copy jobs run in the destination bucket's Region (UG batch-ops-copy-object).
      const targetRegion = await this.bucketRegion(input.operation.copy.targetBucket)
      if (targetRegion !== undefined && targetRegion !== region) {
        throw badRequest(
          `The job was created in ${region}, but copy jobs must be created in the destination bucket's Region (${targetRegion}).`,
        )
      }
    }
    const id = randomUUID()
    const job: Job = {
      id,
      arn: `arn:aws:s3:${region}:${input.accountId}:job/${id}`,
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
    const run = this.run(job).catch((error: unknown) => {
      this.fail(job, 'InternalError', `The sandbox failed to run the job: ${String(error)}`)
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
    if (requested !== 'Ready' && requested !== 'Cancelled') {
      throw badRequest(`RequestedJobStatus must be Ready or Cancelled, not "${requested}".`)
    }
    if (requested === 'Ready') {
      if (job.status !== 'Suspended') {
        throw new S3ControlError('JobStatusException', `Job ${id} is ${job.status}; only a Suspended job can be set to Ready.`)
      }
      this.transition(job, 'Ready')
    } else {
      if (isTerminal(job.status) || job.status === 'Cancelling' || job.status === 'Failing' || job.status === 'Completing') {
        throw new S3ControlError('JobStatusException', `Job ${id} is ${job.status} and can no longer be cancelled.`)
      }
      // An Active job stops dispatching tasks and ends Cancelled once running tasks finish.
      this.transition(job, job.status === 'Active' ? 'Cancelling' : 'Cancelled')
    }
    if (reason !== undefined) job.statusUpdateReason = reason
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

  /** Forgets every job and token (sandbox reset). */
  clear(): void {
    this.jobs.clear()
    this.tokens.clear()
  }

  async stop(): Promise<void> {
    this.stopped = true
    await Promise.allSettled([...this.running])
  }

  private async checkRole(roleArn: string): Promise<void> {
    const roleName = roleNameFromArn(roleArn)
    const iam = iamClientFor(this.access)
    try {
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }))
      const trust = JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '{}')) as TrustPolicy
      if (!trustsBatchOperations(trust)) {
        throw badRequest(
          `Unable to assume role ${roleArn}: its trust policy does not allow ${BATCH_OPERATIONS_PRINCIPAL} to call sts:AssumeRole.`,
        )
      }
    } catch (error) {
      if (error instanceof S3ControlError) throw error
      const { code } = describeAwsError(error)
      if (code === 'NoSuchEntity' || code === 'NoSuchEntityException') {
        throw badRequest(`Unable to assume role ${roleArn}: the role does not exist.`)
      }
      throw error
    } finally {
      iam.destroy()
    }
  }

  private async bucketRegion(bucket: string): Promise<string | undefined> {
    const s3 = s3ClientFor(this.access, this.access.admin)
    try {
      const { LocationConstraint } = await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))
      return LocationConstraint || 'us-east-1'
    } catch {
      return undefined // a missing bucket fails each task with NoSuchBucket, as on AWS
    } finally {
      s3.destroy()
    }
  }

  private async run(job: Job): Promise<void> {
    const input = job.input
    await this.pause()
    if (!this.transition(job, 'Preparing')) return
    let s3: S3Client
    try {
      s3 = s3ClientFor(this.access, await assumeRole(this.access, input.roleArn, `s3-batch-${job.id}`), job.region)
    } catch (error) {
      this.fail(job, 'AssumeRoleFailed', `Unable to assume role ${input.roleArn}: ${describeAwsError(error).message}`)
      return
    }
    try {
      await this.execute(job, s3)
    } finally {
      s3.destroy()
      for (const client of this.jobClients.get(job.id) ?? []) client.destroy()
      this.jobClients.delete(job.id)
    }
  }

  private async execute(job: Job, s3: S3Client): Promise<void> {
    const input = job.input
    let tasks: Task[]
    try {
      tasks = await this.readManifest(job, s3)
    } catch (error) {
      if (!(error instanceof JobFailure)) throw error
      this.fail(job, error.failureCode, error.failureReason)
      return
    }
    job.totalTasks = tasks.length
    await this.pause()
    if (input.confirmationRequired) {
      // Jobs that need confirmation wait Suspended until UpdateJobStatus Ready (UG batch-ops-job-status).
      if (!this.transition(job, 'Suspended')) return
      job.suspendedDate = new Date()
      job.suspendedCause = 'AwaitingConfirmation'
      while (job.status === 'Suspended' && !this.stopped) await sleep(20)
    } else if (!this.transition(job, 'Ready')) return
    await this.pause()
    if (!this.transition(job, 'Active')) return
    job.activeSince = Date.now()
    const outcomes = await this.runTasks(job, s3, tasks)
    job.activeMs += Date.now() - (job.activeSince ?? Date.now())
    delete job.activeSince
    const status = job.status as JobStatus
    if (status === 'Active') this.transition(job, 'Completing')
    const reportFailed = await this.report(job, s3, outcomes)
    if (status === 'Cancelling') this.transition(job, 'Cancelled')
    else if (status === 'Failing') this.transition(job, 'Failed')
    else if (reportFailed) this.fail(job, 'ReportWriteFailed', reportFailed)
    else this.transition(job, 'Complete')
  }

  private async readManifest(job: Job, s3: S3Client): Promise<Task[]> {
    const manifest = job.input.manifest
    if (manifest.kind === 'csv') return readCsvManifest(s3, manifest.location, manifest.fields)
    if (manifest.kind === 'inventory') return readInventoryManifest(s3, manifest.location)
    const generated = await generateManifest(s3, manifest.generator, job.input.operation.name === 'S3ReplicateObject', job.id)
    if (generated.written) job.generatedManifest = generated.written
    return generated.tasks
  }

  private async runTasks(job: Job, s3: S3Client, tasks: Task[]): Promise<TaskOutcome[]> {
    const outcomes: TaskOutcome[] = []
    const runOne = await this.taskRunner(job, s3, tasks)
    let next = 0
    const worker = async () => {
      while (next < tasks.length && job.status === 'Active' && !this.stopped) {
        const task = tasks[next++] as Task
        if (this.timing.taskDelayMs > 0) await sleep(this.timing.taskDelayMs)
        const result = await runOne(task)
        outcomes.push({ task, result })
        if (result.status === 'succeeded') job.succeeded++
        else job.failed++
        const done = job.succeeded + job.failed
        if (job.status === 'Active' && done >= FAILURE_RULE.minTasks && job.failed / done > FAILURE_RULE.maxRate) {
          this.transition(job, 'Failing')
          job.failureReasons.push({
            FailureCode: 'TaskFailureThresholdExceeded',
            FailureReason: `Job failed because more than ${FAILURE_RULE.maxRate * 100}% of its first ${done} tasks failed.`,
          })
        }
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, this.timing.taskConcurrency) }, worker))
    return outcomes
  }

  /** Builds the per-task function for the job's operation, with task fault injection in front. */
  private async taskRunner(job: Job, s3: S3Client, tasks: Task[]): Promise<(task: Task) => Promise<TaskResult>> {
    const operation = job.input.operation
    let execute: (task: Task & { key: string }) => Promise<TaskResult>
    if (operation.name === 'S3PutObjectCopy') {
      execute = (task) => runCopyTask(s3, task, operation.copy, this.timing.maxCopyObjectBytes)
    } else {
      execute = await this.replicationRunner(job, s3, (tasks[0] as Task).bucket)
    }
    return async (task) => {
      if (task.key === undefined) {
        return { status: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', message: 'The object key in the manifest is not correctly URL-encoded.' }
      }
      if (job.input.manifest.kind === 'csv' && job.input.manifest.fields.includes('VersionId') && !task.versionId) {
        return { status: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', message: 'The manifest row has no VersionId, but the job lists VersionId in its fields.' }
      }
      const fault = this.faults.take('Task', task.key)
      if (fault?.delayMs) await sleep(fault.delayMs)
      if (fault?.error) return { status: 'failed', httpStatus: fault.error.status, errorCode: fault.error.code, message: fault.error.message }
      return execute(task as Task & { key: string })
    }
  }

  private async replicationRunner(
    job: Job,
    s3: S3Client,
    bucket: string,
  ): Promise<(task: Task & { key: string }) => Promise<TaskResult>> {
    const failAll = (code: string, message: string) => async (): Promise<TaskResult> => ({ status: 'failed', httpStatus: 400, errorCode: code, message })
    let config
    try {
      config = (await s3.send(new GetBucketReplicationCommand({ Bucket: bucket }))).ReplicationConfiguration
    } catch (error) {
      const { code, message } = describeAwsError(error)
      return failAll(code, `Reading the source bucket's replication configuration failed: ${message}`)
    }
    if (!config?.Role) return failAll('InvalidRequest', 'The source bucket has no replication configuration.')
    const replicationS3 = s3ClientFor(this.access, await assumeRole(this.access, config.Role, `s3-replication-${job.id}`), job.region)
    this.jobClients.set(job.id, [...(this.jobClients.get(job.id) ?? []), replicationS3])
    return (task) => runReplicateTask(s3, replicationS3, config, task)
  }

  /** Writes the completion report when enabled and at least one task ran. Returns an error message on failure. */
  private async report(job: Job, s3: S3Client, outcomes: TaskOutcome[]): Promise<string | undefined> {
    const report = job.input.report
    if (!report.enabled || outcomes.length === 0) return undefined
    try {
      await writeReport(s3, report, job.id, outcomes)
      return undefined
    } catch (error) {
      const { code } = describeAwsError(error)
      return `Unable to write the completion report to s3://${report.bucket}/${report.prefix ?? ''}: ${code}`
    }
  }

  private fail(job: Job, code: string, reason: string): void {
    job.failureReasons.push({ FailureCode: code, FailureReason: reason.slice(0, 256) })
    this.transition(job, 'Failed')
  }

  /** Moves a job to a new state unless it has already ended. Returns whether it moved. */
  private transition(job: Job, to: JobStatus): boolean {
    if (isTerminal(job.status)) return false
    if (job.status === 'Cancelling' && to !== 'Cancelled') return false
    job.status = to
    if (isTerminal(to)) job.terminationDate = new Date()
    return true
  }

  private async pause(): Promise<void> {
    if (this.timing.stageDelayMs > 0) await sleep(this.timing.stageDelayMs)
  }
}

interface TrustPolicy {
  Statement?: TrustStatement | TrustStatement[]
}
interface TrustStatement {
  Effect?: string
  Action?: string | string[]
  Principal?: { Service?: string | string[] } | string
}

function trustsBatchOperations(policy: TrustPolicy): boolean {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : []
  return statements.some((statement) => {
    const actions = [statement.Action ?? []].flat()
    const services = typeof statement.Principal === 'object' ? [statement.Principal.Service ?? []].flat() : []
    return (
      statement.Effect === 'Allow' &&
      actions.some((action) => action === 'sts:AssumeRole' || action === 'sts:*' || action === '*') &&
      services.includes(BATCH_OPERATIONS_PRINCIPAL)
    )
  })
}
