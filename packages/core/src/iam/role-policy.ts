import {
  bucketArn,
  generatedManifestPrefix,
  inventoryFolder,
  objectArn,
  placeArn,
  type Place,
} from '../layout.js'
import type { SeedPlan } from '../plan.js'

/** The principal AWS documents for Batch Operations roles (UG batch-ops-iam-role-policies). */
export const BATCH_OPERATIONS_PRINCIPAL = 'batchoperations.s3.amazonaws.com'

/**
 * The trust policy AWS documents for Batch Operations roles (UG batch-ops-iam-role-policies).
 * aws:SourceAccount/aws:SourceArn conditions are left out until their values for Batch Operations
 * are confirmed: a wrong condition would make every job fail to assume the role.
 */
export function trustPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: BATCH_OPERATIONS_PRINCIPAL }, Action: 'sts:AssumeRole' }],
  })
}

/** How a job finds its objects, which decides what its role reads and writes. */
export type JobKind = 'list' | 'generated' | 'inventory' | 'replicate'

/** Every place a job of this kind reads or writes, from the layout: the role policy grants exactly these. */
export interface JobPlaces {
  /** The CSV manifests of the pair (and their retry manifests), or an S3 Inventory report. */
  readManifest?: Place
  /** Where S3's manifest generator writes (and the job then reads). */
  generatedManifest?: Place
  report?: Place
}

export function jobPlaces(plan: SeedPlan, kind: JobKind): JobPlaces {
  const places: JobPlaces = {}
  // The manifest prefix, not just this destination's folder: `retry` writes beside any manifest a job read.
  if (kind === 'list') places.readManifest = { bucket: plan.manifest.bucket, prefix: plan.manifest.prefix }
  if (kind === 'inventory' && plan.manifestSource.kind === 'inventory') {
    places.readManifest = { bucket: plan.manifestSource.bucket, prefix: inventoryFolder(plan.manifestSource.key) }
  }
  if (kind === 'generated' || kind === 'replicate') {
    // The generator writes `<ManifestPrefix>/job-<id>/…`: the folder under the prefix.
    places.generatedManifest = { bucket: plan.manifest.bucket, prefix: `${generatedManifestPrefix(plan.manifest.prefix)}/` }
  }
  if (plan.report.enabled) places.report = { bucket: plan.report.bucket, prefix: plan.report.prefix }
  return places
}

/**
 * The role's permissions for one job kind. Copy jobs (UG batch-ops-iam-role-policies, "Copy
 * objects"): read the source objects with their ACLs and tags (version-specific actions included,
 * for manifests with VersionIds), write the destination objects with their ACLs and tags. Batch
 * Replication (UG s3-batch-replication-policies): initiate replication of the source's objects and
 * read its replication configuration. Generated manifests: list the source, write the inventory
 * configuration the generator uses, write and read the manifest. Then the manifest to read, the
 * report to write, and the KMS key the copies are encrypted with.
 */
export function rolePolicy(plan: SeedPlan, kind: JobKind, kms: { decrypt: string[]; encrypt: string[] }): string {
  const places = jobPlaces(plan, kind)
  const statements: object[] = []
  statements.push(
    kind === 'replicate'
      ? { Sid: 'InitiateReplication', Effect: 'Allow', Action: 's3:InitiateReplication', Resource: objectArn(plan.source, '*') }
      : {
          Sid: 'ReadSourceObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          Resource: objectArn(plan.source, '*'),
        },
  )
  const sourceBucketActions = ['s3:ListBucket']
  if (kind === 'replicate') sourceBucketActions.push('s3:ListBucketVersions', 's3:GetReplicationConfiguration')
  if (places.generatedManifest) sourceBucketActions.push('s3:PutInventoryConfiguration')
  statements.push({ Sid: 'SourceBucket', Effect: 'Allow', Action: sourceBucketActions, Resource: bucketArn(plan.source) })
  if (kind !== 'replicate') {
    statements.push({
      Sid: 'WriteDestinationObjects',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging', 's3:PutObjectVersionAcl', 's3:PutObjectVersionTagging'],
      Resource: objectArn(plan.destination, '*'),
    })
  }
  if (places.readManifest) {
    statements.push({ Sid: 'ReadManifest', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: placeArn(places.readManifest) })
  }
  if (places.generatedManifest) {
    statements.push({ Sid: 'GeneratedManifest', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], Resource: placeArn(places.generatedManifest) })
  }
  // Named keys only, never `*`: the source's to read SSE-KMS objects, the copies' to write them.
  if (kind !== 'replicate' && kms.decrypt.length > 0) {
    statements.push({ Sid: 'DecryptSource', Effect: 'Allow', Action: 'kms:Decrypt', Resource: kms.decrypt.length === 1 ? kms.decrypt[0] : kms.decrypt })
  }
  if (kind !== 'replicate' && kms.encrypt.length > 0) {
    statements.push({ Sid: 'EncryptCopies', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Encrypt'], Resource: kms.encrypt.length === 1 ? kms.encrypt[0] : kms.encrypt })
  }
  if (places.report) statements.push({ Sid: 'WriteReport', Effect: 'Allow', Action: 's3:PutObject', Resource: placeArn(places.report) })
  return JSON.stringify({ Version: '2012-10-17', Statement: statements })
}
