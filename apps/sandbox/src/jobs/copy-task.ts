import { CopyObjectCommand, HeadObjectCommand, type CopyObjectCommandInput, type S3Client } from '@aws-sdk/client-s3'
import { describeAwsError } from '../aws-clients.js'
import type { CopySettings, Tag } from '../s3control/create-job-input.js'
import type { Task, TaskResult } from './task.js'

/** Largest object a copy task can copy: 5 GB (UG batch-ops-copy-object). Tests may lower it. */
export const MAX_COPY_OBJECT_BYTES = 5 * 1024 ** 3

/** Archive classes that must be restored before a copy (UG batch-ops-copy-object). */
const ARCHIVED_CLASSES = ['GLACIER', 'DEEP_ARCHIVE']

/**
 * One S3PutObjectCopy task: a CopyObject from the manifest's object to the target bucket, with the
 * job's settings layered on CopyObject's defaults (S3 model CopyObjectRequest): ACL private unless
 * given, STANDARD unless StorageClass is given, metadata and tags copied unless replaced.
 */
export async function runCopyTask(
  s3: S3Client,
  task: Task & { key: string },
  settings: CopySettings,
  maxObjectBytes: number,
): Promise<TaskResult> {
  const versionParam = task.versionId ? { VersionId: task.versionId } : {}
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: task.bucket, Key: task.key, ...versionParam }))
    if ((head.ContentLength ?? 0) > maxObjectBytes) {
      return {
        status: 'failed',
        httpStatus: 400,
        errorCode: 'InvalidRequest',
        message: `The specified copy source is larger than the maximum allowable size for a copy source: ${maxObjectBytes}`,
      }
    }
    const storageClass = head.StorageClass ?? 'STANDARD'
    const restored = head.Restore?.includes('ongoing-request="false"') ?? false
    if (ARCHIVED_CLASSES.includes(storageClass) && !restored) {
      return {
        status: 'failed',
        httpStatus: 403,
        errorCode: 'InvalidObjectState',
        message: `Object is of storage class ${storageClass}. Unable to perform copy operations on ${storageClass} objects. You must restore the object to be able to perform the operation.`,
      }
    }
    await s3.send(new CopyObjectCommand(copyObjectInput(task, settings)))
    return { status: 'succeeded', httpStatus: 200, message: 'Successful' }
  } catch (error) {
    const { code, status, message } = describeAwsError(error)
    return { status: 'failed', httpStatus: status, errorCode: code, message }
  }
}

export function copySource(bucket: string, key: string, versionId?: string): string {
  const path = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`
  return versionId ? `${path}?versionId=${encodeURIComponent(versionId)}` : path
}

function copyObjectInput(task: Task & { key: string }, settings: CopySettings): CopyObjectCommandInput {
  const input: CopyObjectCommandInput = {
    Bucket: settings.targetBucket,
    Key: `${settings.targetKeyPrefix ?? ''}${task.key}`,
    CopySource: copySource(task.bucket, task.key, task.versionId),
  }
  if (settings.storageClass) input.StorageClass = settings.storageClass as CopyObjectCommandInput['StorageClass']
  if (settings.cannedAcl) input.ACL = settings.cannedAcl as CopyObjectCommandInput['ACL']
  for (const grant of settings.grants) {
    const grantee = `${grant.typeIdentifier}=${grant.identifier}`
    const header = GRANT_HEADERS[grant.permission]
    if (header) input[header] = input[header] ? `${input[header]}, ${grantee}` : grantee
  }
  const metadata = settings.newObjectMetadata
  if (settings.metadataDirective === 'REPLACE' && metadata) {
    input.MetadataDirective = 'REPLACE'
    input.Metadata = metadata.userMetadata
    if (metadata.cacheControl) input.CacheControl = metadata.cacheControl
    if (metadata.contentDisposition) input.ContentDisposition = metadata.contentDisposition
    if (metadata.contentEncoding) input.ContentEncoding = metadata.contentEncoding
    if (metadata.contentLanguage) input.ContentLanguage = metadata.contentLanguage
    if (metadata.contentType) input.ContentType = metadata.contentType
    if (metadata.expires) input.Expires = metadata.expires
  }
  if (metadata?.sseAlgorithm === 'AES256') input.ServerSideEncryption = 'AES256'
  if (metadata?.sseAlgorithm === 'KMS' || settings.sseKmsKeyId) {
    input.ServerSideEncryption = 'aws:kms'
    if (settings.sseKmsKeyId) input.SSEKMSKeyId = settings.sseKmsKeyId
  }
  if (settings.bucketKeyEnabled !== undefined) input.BucketKeyEnabled = settings.bucketKeyEnabled
  if (settings.newObjectTagging) {
    input.TaggingDirective = 'REPLACE'
    input.Tagging = tagging(settings.newObjectTagging)
  }
  if (settings.modifiedSince) input.CopySourceIfModifiedSince = settings.modifiedSince
  if (settings.unmodifiedSince) input.CopySourceIfUnmodifiedSince = settings.unmodifiedSince
  if (settings.redirectLocation) input.WebsiteRedirectLocation = settings.redirectLocation
  if (settings.requesterPays) input.RequestPayer = 'requester'
  if (settings.checksumAlgorithm) input.ChecksumAlgorithm = settings.checksumAlgorithm as CopyObjectCommandInput['ChecksumAlgorithm']
  if (settings.objectLockMode) input.ObjectLockMode = settings.objectLockMode as CopyObjectCommandInput['ObjectLockMode']
  if (settings.objectLockRetainUntil) input.ObjectLockRetainUntilDate = settings.objectLockRetainUntil
  if (settings.objectLockLegalHold) input.ObjectLockLegalHoldStatus = settings.objectLockLegalHold as CopyObjectCommandInput['ObjectLockLegalHoldStatus']
  return input
}

const GRANT_HEADERS: Record<string, 'GrantRead' | 'GrantReadACP' | 'GrantWriteACP' | 'GrantFullControl'> = {
  READ: 'GrantRead',
  READ_ACP: 'GrantReadACP',
  WRITE_ACP: 'GrantWriteACP',
  FULL_CONTROL: 'GrantFullControl',
}

function tagging(tags: Tag[]): string {
  return new URLSearchParams(tags.map((tag): [string, string] => [tag.Key, tag.Value])).toString()
}
