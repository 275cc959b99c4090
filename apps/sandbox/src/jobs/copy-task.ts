import { CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand, type CopyObjectCommandInput, type S3Client } from '@aws-sdk/client-s3'
import { setTimeout as sleep } from 'node:timers/promises'
import { describeAwsError } from '../aws-clients.js'
import type { CopySettings, Tag } from '../s3control/create-job-input.js'
import type { WriteEvent } from '../replication/live-replication.js'
import type { CopyKmsCheck } from './copy-kms.js'
import type { Task, TaskResult } from './task.js'

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
  written: (event: WriteEvent) => Promise<void>,
  kmsCheck?: CopyKmsCheck,
  latencyMs = 0,
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
    const input = copyObjectInput(task, settings)
    let lastModified = head.LastModified
    if (latencyMs > 0 && task.versionId === undefined) {
      // A long copy (JobTiming.copyLatencyMs): the version current at the start is what lands, late.
      await sleep(latencyMs)
      lastModified = (await s3.send(new HeadObjectCommand({ Bucket: task.bucket, Key: task.key }))).LastModified
      if (head.VersionId) input.CopySource = copySource(task.bucket, task.key, head.VersionId)
    }
    const precondition = copyPrecondition(lastModified, settings)
    if (precondition !== undefined) return precondition
    const refused = kmsCheck === undefined ? undefined : await kmsCheck(task, head, input.Key as string)
    if (refused !== undefined) return { status: 'failed', ...refused }
    const copied = await s3.send(new CopyObjectCommand(input))
    if (latencyMs > 0 && task.versionId === undefined && (settings.unmodifiedSince || settings.modifiedSince)) {
      // S3 checks a copy's conditions and writes in one step; the sandbox checks, then copies. Should
      // the source have changed in between, the write is undone, as if the check had come last.
      const now = await s3.send(new HeadObjectCommand({ Bucket: task.bucket, Key: task.key })).catch(() => undefined)
      const late = now === undefined ? undefined : copyPrecondition(now.LastModified, settings)
      if (late !== undefined && copied.VersionId) {
        await s3.send(new DeleteObjectCommand({ Bucket: input.Bucket as string, Key: input.Key as string, VersionId: copied.VersionId }))
        return late
      }
    }
    if (copied.VersionId) await written({ bucket: input.Bucket as string, key: input.Key as string, versionId: copied.VersionId, deleteMarker: false })
    return { status: 'succeeded', httpStatus: 200, message: 'Successful' }
  } catch (error) {
    const { code, status, message } = describeAwsError(error)
    return { status: 'failed', httpStatus: status, errorCode: code, message }
  }
}

/**
 * ModifiedSinceConstraint / UnModifiedSinceConstraint become CopyObject's
 * x-amz-copy-source-if-modified-since / -if-unmodified-since (S3 Control model S3CopyObjectOperation);
 * when the condition does not hold S3 answers 412 PreconditionFailed (API CopyObject). moto ignores
 * both headers, so the task checks the source's LastModified (from its HEAD) itself.
 */
function copyPrecondition(lastModified: Date | undefined, settings: CopySettings): TaskResult | undefined {
  if (lastModified === undefined) return undefined
  const failed = (settings.unmodifiedSince !== undefined && lastModified > settings.unmodifiedSince) || (settings.modifiedSince !== undefined && lastModified <= settings.modifiedSince)
  return failed ? { status: 'failed', httpStatus: 412, errorCode: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold' } : undefined
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
