import type { S3Client } from '@aws-sdk/client-s3'
import { setTimeout as sleep } from 'node:timers/promises'
import { assumeRole, describeAwsError, s3ClientFor } from '../aws-clients.js'
import { roleS3Client } from '../iam/role-s3-client.js'
import type { Job, JobStatus } from './job.js'
import { failJob, transition } from './job-lifecycle.js'
import type { JobRunContext } from './job-run-context.js'
import { JobFailure } from './manifest-reader.js'
import { readJobManifest } from './read-job-manifest.js'
import { writeCompletionReport } from './report-writer.js'
import { runTasks } from './run-tasks.js'
import { taskExecutor } from './task-executor.js'
import type { Task } from './task.js'

/**
 * Takes one job through its lifecycle (UG batch-ops-job-status): Preparing (assume the job's
 * role, read the manifest), Suspended until confirmed or Ready, Active while tasks run, then
 * Completing with the report, and finally Complete, Cancelled or Failed. Each step checks that
 * the job is still allowed to move on, since UpdateJobStatus can cancel it at any point.
 */
export async function runJob(job: Job, context: JobRunContext): Promise<void> {
  const input = job.input
  await pause(context)
  if (!transition(job, 'Preparing')) return
  let s3: S3Client
  try {
    s3 = roleS3Client(context.access, await assumeRole(context.access, input.roleArn, `s3-batch-${job.id}`), job.region)
  } catch (error) {
    failJob(job, 'AssumeRoleFailed', `Unable to assume role ${input.roleArn}: ${describeAwsError(error).message}`)
    return
  }
  /** Extra clients the job opens (the replication role's), closed when the job ends. */
  const jobClients: S3Client[] = []
  try {
    await execute(job, s3, context, jobClients)
  } finally {
    s3.destroy()
    for (const client of jobClients) client.destroy()
  }
}

async function execute(job: Job, s3: S3Client, context: JobRunContext, jobClients: S3Client[]): Promise<void> {
  const input = job.input
  let tasks: Task[]
  try {
    // The generator reads object metadata on S3's side (from S3 Inventory), not with the role.
    const serviceS3 = s3ClientFor(context.access, context.access.admin, job.region)
    jobClients.push(serviceS3)
    tasks = await readJobManifest(job, s3, serviceS3)
  } catch (error) {
    if (!(error instanceof JobFailure)) throw error
    failJob(job, error.failureCode, error.failureReason)
    return
  }
  job.totalTasks = tasks.length
  await pause(context)
  if (input.confirmationRequired) {
    // Jobs that need confirmation wait Suspended until UpdateJobStatus Ready (UG batch-ops-job-status).
    if (!transition(job, 'Suspended')) return
    job.suspendedDate = new Date()
    job.suspendedCause = 'AwaitingConfirmation'
    while (job.status === 'Suspended' && !context.stopped()) await sleep(20)
  } else if (!transition(job, 'Ready')) return
  await pause(context)
  if (!transition(job, 'Active')) return
  job.activeSince = Date.now()
  const outcomes = await runTasks(job, tasks, await taskExecutor(job, s3, tasks, context, jobClients), context)
  job.activeMs += Date.now() - (job.activeSince ?? Date.now())
  delete job.activeSince
  const status = job.status as JobStatus
  if (status === 'Active') transition(job, 'Completing')
  const reportFailed = await writeCompletionReport(s3, input.report, job.id, outcomes)
  if (status === 'Cancelling') transition(job, 'Cancelled')
  else if (status === 'Failing') transition(job, 'Failed')
  else if (reportFailed) failJob(job, 'ReportWriteFailed', reportFailed)
  else transition(job, 'Complete')
}

/** The pause between lifecycle stages, so clients polling DescribeJob can see each state. */
async function pause(context: JobRunContext): Promise<void> {
  const { stageDelayMs } = context.timing()
  if (stageDelayMs > 0) await sleep(stageDelayMs)
}
