import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { httpStatus, wrapAwsError } from '../aws/aws-error.js'
import { isS3SeedKey } from '../layout.js'
import { listVersionPage } from '../listing/version-page.js'

/** A key's current entry in the source: an object version or a delete marker. */
export interface Written {
  key: string
  versionId: string
  deleteMarker: boolean
}

/**
 * The keys under `prefix` whose current version or delete marker was written at or after `since`,
 * from ListObjectVersions (IsLatest marks the current entry of each key). s3-seed's own files aside.
 */
export async function writtenSince(s3: S3Client, bucket: string, prefix: string, since: Date): Promise<Written[]> {
  const written: Written[] = []
  // ListObjectVersions pages by key and version ID markers (the SDK has no paginator for it).
  let markers: { keyMarker?: string; versionIdMarker?: string } = {}
  try {
    for (;;) {
      const page = await listVersionPage(s3, { bucket, prefix, ...markers })
      for (const entry of page.entries) {
        if (!entry.isLatest || isS3SeedKey(entry.key)) continue
        if (entry.lastModified !== undefined && entry.lastModified >= since) written.push({ key: entry.key, versionId: entry.versionId, deleteMarker: entry.deleteMarker })
      }
      if (!page.isTruncated) break
      markers = { ...(page.nextKeyMarker ? { keyMarker: page.nextKeyMarker } : {}), ...(page.nextVersionIdMarker ? { versionIdMarker: page.nextVersionIdMarker } : {}) }
    }
  } catch (error) {
    throw wrapAwsError(error, 'ListObjectVersions', `Listing what was written to ${bucket} during the seeding`, 'Allow s3:ListBucketVersions on the source')
  }
  return written
}

/** The source version's x-amz-replication-status (UG replication-status): PENDING, COMPLETED, FAILED, or none when no rule covers it. */
export async function replicationStatus(s3: S3Client, bucket: string, entry: Written): Promise<string | undefined> {
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: entry.key, VersionId: entry.versionId }))).ReplicationStatus
  } catch (error) {
    // Removed since it was listed (a delete of that version): nothing is left to replicate.
    if (httpStatus(error) === 404) return 'COMPLETED'
    throw wrapAwsError(error, 'HeadObject', `Reading the replication status of ${entry.key} in ${bucket}`, 'Allow s3:GetObjectVersion on the source')
  }
}

/**
 * Whether the destination holds this delete marker (replicas keep the source's version ID). A HEAD
 * of a delete marker's version answers 405 Method Not Allowed; of a missing version, 404 or 400.
 */
export async function destinationHolds(s3: S3Client, bucket: string, entry: Written): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: entry.key, VersionId: entry.versionId }))
    return true
  } catch (error) {
    const status = httpStatus(error)
    if (status === 405) return true
    if (status === 404 || status === 400) return false
    throw wrapAwsError(error, 'HeadObject', `Looking for the replicated delete marker of ${entry.key} in ${bucket}`)
  }
}

/** The destination's current version of a key; undefined when it has none (no object, or a delete marker on top). */
export async function destinationCurrent(s3: S3Client, bucket: string, key: string): Promise<{ versionId: string; replica: boolean; lastModified: Date } | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    return { versionId: head.VersionId ?? 'null', replica: head.ReplicationStatus === 'REPLICA', lastModified: head.LastModified ?? new Date(0) }
  } catch (error) {
    if (httpStatus(error) === 404) return undefined
    throw wrapAwsError(error, 'HeadObject', `Reading the current version of ${key} in ${bucket}`, 'Allow s3:GetObject on the destination')
  }
}

/** Removes one version for good: no delete marker, nothing replicated (UG DeletingObjectVersions). */
export async function removeVersion(s3: S3Client, bucket: string, key: string, versionId: string): Promise<void> {
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))
  } catch (error) {
    throw wrapAwsError(error, 'DeleteObject', `Removing s3-seed's late copy (version ${versionId}) of ${key} from ${bucket}`, 'Allow s3:DeleteObjectVersion on the destination, or repair by hand')
  }
}
