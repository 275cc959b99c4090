import type { ReplicationConfiguration, S3Client } from '@aws-sdk/client-s3'
import { describeAwsError } from '../aws-clients.js'
import { principalOfRole, type RoleFacts } from '../iam/role-policies.js'
import { s3ActionRefusal } from '../iam/s3-access.js'
import { replicateVersion, type ReplicationDeps } from '../replication/replicate.js'
import { planReplication } from '../replication/rules.js'
import { describeObjectVersion } from '../replication/source-version.js'
import type { Task, TaskResult } from './task.js'

/** What S3ReplicateObject tasks share for one job. */
export interface ReplicateTaskContext {
  deps: ReplicationDeps
  /** S3's own client, for reading the source version on S3's side. */
  serviceS3: S3Client
  /** The job's role, when IAM enforcement is on (its s3:InitiateReplication is checked). */
  jobRole: RoleFacts | undefined
}

/**
 * One S3ReplicateObject task: Batch Replication replicates the version through the same code as
 * live replication, so the replica keeps the source's version ID and LastModified and reads
 * REPLICA, and the source ends COMPLETED or FAILED (UG s3-batch-replication-batch, replication-status).
 * The job's role needs s3:InitiateReplication on the object (UG s3-batch-replication-policies);
 * the replica writes use the replication configuration's role. A version no enabled rule covers
 * fails the task with 400 InvalidRequest [inferred].
 */
export async function runReplicateTask(
  context: ReplicateTaskContext,
  config: ReplicationConfiguration & { Role: string },
  task: Task & { key: string },
): Promise<TaskResult> {
  if (context.jobRole !== undefined) {
    const refused = await s3ActionRefusal(context.deps.access, principalOfRole(context.jobRole), 's3:InitiateReplication', task.bucket, task.key)
    if (refused !== undefined) return { status: 'failed', ...refused }
  }
  let source
  try {
    source = await describeObjectVersion(context.serviceS3, config, {
      bucket: task.bucket,
      key: task.key,
      ...(task.versionId && task.versionId !== 'null' ? { versionId: task.versionId } : {}),
    })
  } catch (error) {
    const { code, status, message } = describeAwsError(error)
    return { status: 'failed', httpStatus: status, errorCode: code, message }
  }
  const targets = planReplication(config, source)
  if (targets.length === 0) {
    return { status: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', message: 'No enabled replication rule in the source bucket covers this object.' }
  }
  const outcome = await replicateVersion(context.deps, config.Role, source, targets)
  const failure = outcome.results.find((result) => !result.ok)
  if (failure === undefined || failure.ok) return { status: 'succeeded', httpStatus: 200, message: 'Successful' }
  return { status: 'failed', httpStatus: failure.httpStatus, errorCode: failure.errorCode, message: `${failure.destination}: ${failure.message}` }
}
