import { GetBucketEncryptionCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3'
import { keyNotFound } from '../iam/kms-keys.js'
import { isAwsManagedS3Key, kmsDenial } from '../iam/kms-permissions.js'
import type { Refusal } from '../iam/access-decision.js'
import { loadRole } from '../iam/role-policies.js'
import type { CopySettings } from '../s3control/create-job-input.js'
import type { JobRunContext } from './job-run-context.js'
import type { Task } from './task.js'

/** The KMS check of one copy task, after its HEAD: undefined when the task may go on. */
export type CopyKmsCheck = (task: Task & { key: string }, head: HeadObjectCommandOutput, targetKey: string) => Promise<Refusal | undefined>

/**
 * Under IAM enforcement, a copy task that reads an SSE-KMS object needs kms:Decrypt on its key, and
 * one that writes with a KMS key needs kms:GenerateDataKey on it (UG UsingKMSEncryption,
 * batch-ops-iam-role-policies), else it fails 403 AccessDenied as on AWS. moto's S3 checks neither,
 * so the sandbox evaluates the job role's policies itself (src/iam/policy-evaluator.ts).
 *
 * The key a copy writes with: the job's SSEAwsKmsKeyId; else, when the job asks for KMS without a
 * key or sets no encryption, the destination's default encryption key if it is SSE-KMS with a
 * KMSMasterKeyID (S3 model CopyObjectRequest: no encryption given ⇒ the bucket default). The AWS
 * managed `aws/s3` key needs no IAM permission (see isAwsManagedS3Key). A key moto's KMS does not
 * know fails the task 400 KMS.NotFoundException [inferred].
 * Returns undefined (no check) with enforcement off, as moto checks nothing then.
 */
export async function copyKmsCheck(
  context: JobRunContext,
  roleArn: string,
  settings: CopySettings,
  serviceS3: S3Client,
): Promise<CopyKmsCheck | undefined> {
  if (!context.access.iamEnforcement) return undefined
  const role = await loadRole(context.access, roleArn)
  const region = context.access.region
  const writeKeyId = settings.sseKmsKeyId ?? (settings.newObjectMetadata?.sseAlgorithm === 'AES256' ? undefined : await defaultKmsKey(serviceS3, settings.targetBucket))
  const writeKey = writeKeyId === undefined || isAwsManagedS3Key(writeKeyId) ? undefined : { id: writeKeyId, ref: await context.keys(writeKeyId, region) }
  return async (task, head, targetKey) => {
    if (head.ServerSideEncryption?.startsWith('aws:kms') && !isAwsManagedS3Key(head.SSEKMSKeyId)) {
      const keyId = head.SSEKMSKeyId as string
      const key = await context.keys(keyId, region)
      if (key === undefined) return keyNotFound(keyId)
      const refused = kmsDenial(role, 'kms:Decrypt', key, { bucket: task.bucket, key: task.key, bucketKeyEnabled: head.BucketKeyEnabled === true }, region)
      if (refused !== undefined) return refused
    }
    if (writeKey === undefined) return undefined
    if (writeKey.ref === undefined) return keyNotFound(writeKey.id)
    const bucketKeyEnabled = settings.bucketKeyEnabled === true
    return kmsDenial(role, 'kms:GenerateDataKey', writeKey.ref, { bucket: settings.targetBucket, key: targetKey, bucketKeyEnabled }, region)
  }
}

/** The destination's default SSE-KMS key ID, if its default encryption is SSE-KMS with a key. */
async function defaultKmsKey(s3: S3Client, bucket: string): Promise<string | undefined> {
  try {
    const { ServerSideEncryptionConfiguration } = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))
    const byDefault = ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
    return byDefault?.SSEAlgorithm?.startsWith('aws:kms') ? byDefault.KMSMasterKeyID : undefined
  } catch {
    return undefined // no default encryption, or no bucket (the copy then fails on its own)
  }
}
