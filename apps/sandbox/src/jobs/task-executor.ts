import { GetBucketReplicationCommand, type S3Client } from '@aws-sdk/client-s3'
import { setTimeout as sleep } from 'node:timers/promises'
import { assumeRole, describeAwsError, s3ClientFor } from '../aws-clients.js'
import { runCopyTask } from './copy-task.js'
import type { FaultDecision } from '../faults/registry.js'
import type { Job } from './job.js'
import type { JobRunContext } from './job-run-context.js'
import { runReplicateTask } from './replicate-task.js'
import type { Task, TaskResult } from './task.js'

export type TaskExecutor = (task: Task) => Promise<TaskResult>

type KeyedTaskExecutor = (task: Task & { key: string }) => Promise<TaskResult>

/**
 * Builds the per-task function for the job's operation, with the manifest-row checks and task
 * fault injection in front. Clients it opens for the job are pushed onto `jobClients`, for the
 * caller to close when the job ends.
 */
export async function taskExecutor(
  job: Job,
  s3: S3Client,
  tasks: Task[],
  context: JobRunContext,
  jobClients: S3Client[],
): Promise<TaskExecutor> {
  const operation = job.input.operation
  let execute: KeyedTaskExecutor
  if (operation.name === 'S3PutObjectCopy') {
    execute = (task) => runCopyTask(s3, task, operation.copy, context.timing().maxCopyObjectBytes)
  } else {
    execute = await replicationExecutor(job, s3, (tasks[0] as Task).bucket, context, jobClients)
  }
  return async (task) => {
    if (task.key === undefined) {
      return { status: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', message: 'The object key in the manifest is not correctly URL-encoded.' }
    }
    if (job.input.manifest.kind === 'csv' && job.input.manifest.fields.includes('VersionId') && !task.versionId) {
      return { status: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', message: 'The manifest row has no VersionId, but the job lists VersionId in its fields.' }
    }
    const fault = context.faults.take('Task', task.key)
    if (fault !== undefined) {
      const failed = await faultedTask(fault)
      if (failed !== undefined) return failed
    }
    return execute(task as Task & { key: string })
  }
}

/**
 * A task fault, after its delay: `error` fails the task with the rule's status and code. A `reset`
 * or `timeout` is what a task would see if its S3 call lost the connection or never got an answer;
 * the sandbox fails the task as S3 reports those: `500 InternalError` for a reset, and, after the
 * hold, `400 RequestTimeout` for a timeout (S3 API Reference, ErrorResponses; that Batch Operations
 * records them this way is [inferred]). A `delay` only delays the task.
 */
async function faultedTask(fault: FaultDecision): Promise<TaskResult | undefined> {
  if (fault.delayMs > 0) await sleep(fault.delayMs)
  if (fault.kind === 'error' && fault.error) {
    return { status: 'failed', httpStatus: fault.error.status, errorCode: fault.error.code, message: fault.error.message }
  }
  if (fault.kind === 'reset') {
    return { status: 'failed', httpStatus: 500, errorCode: 'InternalError', message: 'We encountered an internal error. Please try again.' }
  }
  if (fault.kind === 'timeout') {
    return {
      status: 'failed',
      httpStatus: 400,
      errorCode: 'RequestTimeout',
      message: 'Your socket connection to the server was not read from or written to within the timeout period.',
    }
  }
  return undefined
}

/**
 * S3ReplicateObject tasks copy with the source bucket's replication role, as replication would.
 * Without a readable replication configuration every task fails, the job itself does not.
 */
async function replicationExecutor(
  job: Job,
  s3: S3Client,
  bucket: string,
  context: JobRunContext,
  jobClients: S3Client[],
): Promise<KeyedTaskExecutor> {
  const failAll = (code: string, message: string) => async (): Promise<TaskResult> => ({ status: 'failed', httpStatus: 400, errorCode: code, message })
  let config
  try {
    config = (await s3.send(new GetBucketReplicationCommand({ Bucket: bucket }))).ReplicationConfiguration
  } catch (error) {
    const { code, message } = describeAwsError(error)
    return failAll(code, `Reading the source bucket's replication configuration failed: ${message}`)
  }
  if (!config?.Role) return failAll('InvalidRequest', 'The source bucket has no replication configuration.')
  const replicationS3 = s3ClientFor(context.access, await assumeRole(context.access, config.Role, `s3-replication-${job.id}`), job.region)
  jobClients.push(replicationS3)
  return (task) => runReplicateTask(s3, replicationS3, config, task)
}
