import { GetObjectTaggingCommand, HeadObjectCommand, type ReplicationConfiguration, type S3Client } from '@aws-sdk/client-s3'
import { rulesNeedTags, type SourceVersion } from './rules.js'

/**
 * What replication needs to know of one object version, read on S3's side (the service's own
 * client, not a role's): HEAD for encryption, storage class and replication status, plus the tags
 * when some rule filters on them. `versionId` undefined means the current version.
 */
export async function describeObjectVersion(
  s3: S3Client,
  config: ReplicationConfiguration,
  object: { bucket: string; key: string; versionId?: string },
): Promise<SourceVersion> {
  const version = object.versionId ? { VersionId: object.versionId } : {}
  const head = await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key, ...version }))
  const versionId = head.VersionId ?? object.versionId ?? 'null'
  const source: SourceVersion = {
    bucket: object.bucket,
    key: object.key,
    versionId,
    deleteMarker: false,
    storageClass: head.StorageClass ?? 'STANDARD',
  }
  if (head.ReplicationStatus) source.replicationStatus = head.ReplicationStatus
  if (head.ServerSideEncryption) source.encryption = head.ServerSideEncryption
  if (head.SSEKMSKeyId) source.kmsKeyId = head.SSEKMSKeyId
  if (head.SSECustomerAlgorithm) source.customerKey = true
  if (head.BucketKeyEnabled) source.bucketKeyEnabled = true
  if (rulesNeedTags(config)) {
    const { TagSet } = await s3.send(new GetObjectTaggingCommand({ Bucket: object.bucket, Key: object.key, VersionId: versionId }))
    source.tags = TagSet ?? []
  }
  return source
}
