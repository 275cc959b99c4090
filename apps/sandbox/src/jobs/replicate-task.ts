import {
  CopyObjectCommand,
  GetObjectTaggingCommand,
  type CopyObjectCommandInput,
  type ReplicationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3'
import { bucketFromArn } from '../arn.js'
import { describeAwsError } from '../aws-clients.js'
import { copySource } from './copy-task.js'
import { matchingRules, rulesNeedTags } from './replication-rules.js'
import type { Task, TaskResult } from './task.js'

/**
 * One S3ReplicateObject task. moto stores replication configurations but never replicates, so the
 * sandbox does what replication would: copy the object to each destination of the enabled rules
 * that cover it, with the rule's storage class, using the replication configuration's role.
 * Unlike real replication, the copy gets a new version ID and date (see apps/sandbox/README.md).
 */
export async function runReplicateTask(
  jobS3: S3Client,
  replicationS3: S3Client,
  config: ReplicationConfiguration,
  task: Task & { key: string },
): Promise<TaskResult> {
  try {
    const tags = rulesNeedTags(config)
      ? (await jobS3.send(new GetObjectTaggingCommand({ Bucket: task.bucket, Key: task.key, ...(task.versionId ? { VersionId: task.versionId } : {}) }))).TagSet
      : undefined
    const rules = matchingRules(config, task.key, tags)
    if (rules.length === 0) {
      return {
        status: 'failed',
        httpStatus: 400,
        errorCode: 'InvalidRequest',
        message: 'No enabled replication rule in the source bucket covers this object.',
      }
    }
    for (const rule of rules) {
      const destinationArn = rule.Destination?.Bucket ?? ''
      const destination = bucketFromArn(destinationArn) ?? destinationArn
      const input: CopyObjectCommandInput = {
        Bucket: destination,
        Key: task.key,
        CopySource: copySource(task.bucket, task.key, task.versionId),
      }
      if (rule.Destination?.StorageClass) input.StorageClass = rule.Destination.StorageClass
      const kmsKey = rule.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID
      if (kmsKey) {
        input.ServerSideEncryption = 'aws:kms'
        input.SSEKMSKeyId = kmsKey
      }
      await replicationS3.send(new CopyObjectCommand(input))
    }
    return { status: 'succeeded', httpStatus: 200, message: 'Successful' }
  } catch (error) {
    const { code, status, message } = describeAwsError(error)
    return { status: 'failed', httpStatus: status, errorCode: code, message }
  }
}
