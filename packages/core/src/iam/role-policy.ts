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

/** The account that owns each bucket a job touches (SeedFacts.owners). */
export interface BucketOwnerIds {
  source: string
  destination: string
  manifest: string
  report: string
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
 * read its replication configuration. Object resources stop at the pair's prefix (--prefix): the
 * role reads and writes nothing outside it. Generated manifests: list the source, write the inventory
 * configuration the generator uses, write and read the manifest. Then the manifest to read, the
 * report to write, and the KMS key the copies are encrypted with.
 */
export function rolePolicy(plan: SeedPlan, kind: JobKind, kms: { decrypt: string[]; encrypt: string[] }, partition: string, owners: BucketOwnerIds): string {
  const places = jobPlaces(plan, kind)
  const statements: object[] = []
  // Each S3 statement holds only in the bucket's owning account (s3:ResourceAccount, IAM User Guide,
  // "Condition keys for Amazon S3"): a same-named bucket of another account is nothing to this role.
  const owned = (statement: object, account: string) => ({ ...statement, Condition: { StringEquals: { 's3:ResourceAccount': account } } })
  statements.push(
    owned(
      kind === 'replicate'
        ? { Sid: 'InitiateReplication', Effect: 'Allow', Action: 's3:InitiateReplication', Resource: objectArn(plan.source, `${plan.prefix}*`, partition) }
        : {
            Sid: 'ReadSourceObjects',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
            Resource: objectArn(plan.source, `${plan.prefix}*`, partition),
          },
      owners.source,
    ),
  )
  const sourceBucketActions = ['s3:ListBucket']
  if (kind === 'replicate') sourceBucketActions.push('s3:ListBucketVersions', 's3:GetReplicationConfiguration')
  if (places.generatedManifest) sourceBucketActions.push('s3:PutInventoryConfiguration')
  statements.push(owned({ Sid: 'SourceBucket', Effect: 'Allow', Action: sourceBucketActions, Resource: bucketArn(plan.source, partition) }, owners.source))
  if (kind !== 'replicate') {
    statements.push(
      owned(
        {
          Sid: 'WriteDestinationObjects',
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging', 's3:PutObjectVersionAcl', 's3:PutObjectVersionTagging'],
          Resource: objectArn(plan.destination, `${plan.prefix}*`, partition),
        },
        owners.destination,
      ),
    )
  }
  if (places.readManifest) {
    const statement = { Sid: 'ReadManifest', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: placeArn(places.readManifest, partition) }
    // An S3 Inventory report's bucket may be anyone's that lets the role read it.
    statements.push(kind === 'inventory' ? statement : owned(statement, owners.manifest))
  }
  if (places.generatedManifest) {
    statements.push(owned({ Sid: 'GeneratedManifest', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], Resource: placeArn(places.generatedManifest, partition) }, owners.manifest))
  }
  // Named keys only, never `*`: the source's to read SSE-KMS objects, the copies' to write them.
  if (kind !== 'replicate' && kms.decrypt.length > 0) {
    statements.push({ Sid: 'DecryptSource', Effect: 'Allow', Action: 'kms:Decrypt', Resource: kms.decrypt.length === 1 ? kms.decrypt[0] : kms.decrypt })
  }
  if (kind !== 'replicate' && kms.encrypt.length > 0) {
    statements.push({ Sid: 'EncryptCopies', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Encrypt'], Resource: kms.encrypt.length === 1 ? kms.encrypt[0] : kms.encrypt })
  }
  if (places.report) statements.push(owned({ Sid: 'WriteReport', Effect: 'Allow', Action: 's3:PutObject', Resource: placeArn(places.report, partition) }, owners.report))
  return JSON.stringify({ Version: '2012-10-17', Statement: statements })
}
