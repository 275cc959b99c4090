import { CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand, type CopyObjectCommandInput, type S3Client } from '@aws-sdk/client-s3'
import { setTimeout as sleep } from 'node:timers/promises'
import { describeAwsError } from '../aws-clients.js'
import type { CopySettings, Tag } from '../s3control/create-job-input.js'
import type { WriteEvent } from '../replication/live-replication.js'
import type { CopyKmsCheck } from './copy-kms.js'
import type { CopyConditionsAt } from './job-timing.js'
import type { Task, TaskResult } from './task.js'

/** Archive classes that must be restored before a copy (UG batch-ops-copy-object). */
const ARCHIVED_CLASSES = ['GLACIER', 'DEEP_ARCHIVE']

/** What a copy task needs besides its task and the job's settings. */
export interface CopyTaskOptions {
  /** Largest object it copies (JobTiming.maxCopyObjectBytes). */
  maxObjectBytes: number
  /** Reports the copy it wrote, so live replication can carry it onward. */
  written: (event: WriteEvent) => Promise<void>
  /** The KMS permission check; undefined with IAM enforcement off. */
  kmsCheck?: CopyKmsCheck | undefined
  /** JobTiming.copyLatencyMs: time from reading the source to the copy landing. Default: 0. */
  latencyMs?: number
  /** JobTiming.copyConditionsAt: when a long copy checks its conditions. Default: 'read', as S3 does (API CopyObject). */
  conditionsAt?: CopyConditionsAt
}

/**
 * One S3PutObjectCopy task: a CopyObject from the manifest's object to the target bucket, with the
 * job's settings layered on CopyObject's defaults (S3 model CopyObjectRequest): ACL private unless
 * given, STANDARD unless StorageClass is given, metadata and tags copied unless replaced.
 *
 * A long copy (latencyMs > 0, no VersionId in the manifest) copies the version current when it
 * starts and lands latencyMs later. Its conditions (and that its source still exists) are checked
 * when it reads its source (conditionsAt 'read', the default: S3 evaluates x-amz-copy-source-if-*
 * before the copy starts, API CopyObject) or, in the 'write' model that is NOT S3's behaviour and
 * is kept for comparison, again when it lands; see JobTiming.copyConditionsAt.
 */
export async function runCopyTask(s3: S3Client, task: Task & { key: string }, settings: CopySettings, options: CopyTaskOptions): Promise<TaskResult> {
  const versionParam = task.versionId ? { VersionId: task.versionId } : {}
  const latencyMs = options.latencyMs ?? 0
  const long = latencyMs > 0 && task.versionId === undefined
  const checkAtWrite = long && (options.conditionsAt ?? 'read') === 'write'
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: task.bucket, Key: task.key, ...versionParam }))
    if ((head.ContentLength ?? 0) > options.maxObjectBytes) {
      return {
        status: 'failed',
        httpStatus: 400,
        errorCode: 'InvalidRequest',
        message: `The specified copy source is larger than the maximum allowable size for a copy source: ${options.maxObjectBytes}`,
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
    if (!checkAtWrite) {
      const refused = copyPrecondition(head.LastModified, settings)
      if (refused !== undefined) return refused
    }
    if (long) {
      // The version current at the start is what lands, late.
      if (head.VersionId) input.CopySource = copySource(task.bucket, task.key, head.VersionId)
      await sleep(latencyMs)
      if (checkAtWrite) {
        const refused = await sourceNow(s3, task, settings)
        if (refused !== undefined) return refused
      }
    }
    const refused = options.kmsCheck === undefined ? undefined : await options.kmsCheck(task, head, input.Key as string)
    if (refused !== undefined) return { status: 'failed', ...refused }
    const copied = await s3.send(new CopyObjectCommand(input))
    if (checkAtWrite && copied.VersionId) {
      // The 'write' model (not S3's): the check should come last, but the sandbox can only check,
      // then copy. Should the source have changed in between, the copy is deleted again by its
      // version ID (which neither replicates nor leaves a delete marker), as if it had.
      const late = await sourceNow(s3, task, settings)
      if (late !== undefined) {
        await s3.send(new DeleteObjectCommand({ Bucket: input.Bucket as string, Key: input.Key as string, VersionId: copied.VersionId }))
        return late
      }
    }
    if (copied.VersionId) await options.written({ bucket: input.Bucket as string, key: input.Key as string, versionId: copied.VersionId, deleteMarker: false })
    return { status: 'succeeded', httpStatus: 200, message: 'Successful' }
  } catch (error) {
    const { code, status, message } = describeAwsError(error)
    return { status: 'failed', httpStatus: status, errorCode: code, message }
  }
}

/**
 * The 'write' model's re-check (not S3's behaviour): the copy's conditions against the source as it
 * is now: 412 PreconditionFailed if its current version fails them, 404 NoSuchKey if it is gone (a
 * delete marker), undefined if they hold.
 */
async function sourceNow(s3: S3Client, task: Task & { key: string }, settings: CopySettings): Promise<TaskResult | undefined> {
  try {
    const now = await s3.send(new HeadObjectCommand({ Bucket: task.bucket, Key: task.key }))
    return copyPrecondition(now.LastModified, settings)
  } catch (error) {
    const { code, status, message } = describeAwsError(error)
    if (status !== 404) throw error
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
