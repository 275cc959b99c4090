import type { ListedObject } from '../listing/sequential.js'

/**
 * What a copy job can copy, in one place: the manifest s3-seed writes (routeObject) and the filter of
 * S3's manifest generator (job-input.ts) apply the same rule, so a dry run, a listed manifest and a
 * generated one leave out the same objects.
 */

/** The largest object a copy job copies: 5 GB, CopyObject's limit (UG batch-ops-copy-object). */
export const MAX_JOB_OBJECT_BYTES = 5 * 1024 ** 3

/**
 * Archive classes a job cannot read without a restore (UG batch-ops-copy-object,
 * s3-batch-replication-batch). Objects in Intelligent-Tiering's archive tiers are not visible in a
 * listing (only HeadObject's ArchiveStatus shows them); their tasks fail and show in the failure summary.
 */
export const ARCHIVED_CLASSES: readonly string[] = ['GLACIER', 'DEEP_ARCHIVE']

/** Storage classes a job reads without a restore: every class but the archived ones (same sources). */
export const READABLE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR'] as const

/** Where an object goes: the copy job, the client's multipart copy (large), or the archived tally. */
export function routeObject(object: ListedObject, maxJobObjectBytes = MAX_JOB_OBJECT_BYTES): 'job' | 'large' | 'archived' {
  if (ARCHIVED_CLASSES.includes(object.storageClass ?? '')) return 'archived'
  return object.size > maxJobObjectBytes ? 'large' : 'job'
}
