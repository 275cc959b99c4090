import { GetBucketReplicationCommand, type S3Client } from '@aws-sdk/client-s3'
import { describeAwsError, s3ClientFor } from '../aws-clients.js'
import { faultFailure } from '../faults/outcome.js'
import { loadRole } from '../iam/role-policies.js'
import type { WriteEvent } from '../replication/live-replication.js'
import { copyKmsCheck } from './copy-kms.js'
import { runCopyTask } from './copy-task.js'
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
    const serviceS3 = s3ClientFor(context.access, context.access.admin, job.region)
    jobClients.push(serviceS3)
    const kmsCheck = await copyKmsCheck(context, job.input.roleArn, operation.copy, serviceS3)
    const written = (event: WriteEvent) => context.replication.written(event)
    execute = (task) => {
      const { maxCopyObjectBytes, copyLatencyMs, copyConditionsAt } = context.timing()
      return runCopyTask(s3, task, operation.copy, { maxObjectBytes: maxCopyObjectBytes, written, kmsCheck, latencyMs: copyLatencyMs, conditionsAt: copyConditionsAt })
    }
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
    const failed = fault === undefined ? undefined : await faultFailure(fault)
    if (failed !== undefined) return { status: 'failed', ...failed }
    return execute(task as Task & { key: string })
  }
}

/**
 * S3ReplicateObject tasks replicate by the source bucket's replication configuration, read with the
 * job's role (which needs s3:GetReplicationConfiguration, UG s3-batch-replication-policies); the
 * replica writes act as the configuration's role. Without a readable replication configuration
 * every task fails, the job itself does not.
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
  const withRole = { ...config, Role: config.Role }
  const serviceS3 = s3ClientFor(context.access, context.access.admin, job.region)
  jobClients.push(serviceS3)
  const jobRole = context.access.iamEnforcement ? await loadRole(context.access, job.input.roleArn) : undefined
  const replicate = { deps: context, serviceS3, jobRole }
  return (task) => runReplicateTask(replicate, withRole, task)
}
