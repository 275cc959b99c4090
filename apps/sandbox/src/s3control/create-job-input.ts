import type { XmlNode } from '../xml.js'

/**
 * CreateJob, parsed and validated as the S3 Control model describes it
 * (botocore s3control/2018-08-20 service-2.json, `CreateJobRequest` and the shapes under it).
 * The shapes live apart from the parser so the job engine can use them without depending on XML parsing.
 */
export interface CreateJobInput {
  accountId: string
  clientRequestToken: string
  confirmationRequired: boolean
  priority: number
  roleArn: string
  description?: string
  tags: Tag[]
  operation: JobOperation
  report: ReportSettings
  manifest: ManifestSource
  /** The request's own XML for Manifest/ManifestGenerator/Operation/Report, echoed by DescribeJob. */
  echo: Record<string, XmlNode | XmlNode[]>
}

export interface Tag {
  Key: string
  Value: string
}

export type JobOperation = { name: 'S3PutObjectCopy'; copy: CopySettings } | { name: 'S3ReplicateObject' }

export interface CopySettings {
  targetBucket: string
  targetKeyPrefix?: string
  storageClass?: string
  metadataDirective?: 'COPY' | 'REPLACE'
  newObjectMetadata?: ObjectMetadata
  newObjectTagging?: Tag[]
  cannedAcl?: string
  grants: Grant[]
  sseKmsKeyId?: string
  bucketKeyEnabled?: boolean
  modifiedSince?: Date
  unmodifiedSince?: Date
  redirectLocation?: string
  requesterPays?: boolean
  checksumAlgorithm?: string
  objectLockMode?: string
  objectLockRetainUntil?: Date
  objectLockLegalHold?: string
}

export interface ObjectMetadata {
  cacheControl?: string
  contentDisposition?: string
  contentEncoding?: string
  contentLanguage?: string
  contentType?: string
  expires?: Date
  sseAlgorithm?: 'AES256' | 'KMS'
  userMetadata: Record<string, string>
}

export interface Grant {
  permission: string
  typeIdentifier: string
  identifier: string
}

export type ReportSettings =
  | { enabled: false }
  | { enabled: true; bucket: string; prefix?: string; scope: 'AllTasks' | 'FailedTasksOnly'; expectedBucketOwner?: string }

export interface ManifestLocation {
  bucket: string
  key: string
  versionId?: string
  etag: string
}

export type ManifestSource =
  | { kind: 'csv'; fields: ManifestField[]; location: ManifestLocation }
  | { kind: 'inventory'; location: ManifestLocation }
  | { kind: 'generated'; generator: ManifestGeneratorSettings }

export type ManifestField = 'Ignore' | 'Bucket' | 'Key' | 'VersionId'

export interface ManifestGeneratorSettings {
  sourceBucket: string
  /**
   * S3JobManifestGenerator.ExpectedBucketOwner. The model's text says it is the owner of the bucket
   * the generated manifest is written to; the sandbox checks it against the source bucket it lists
   * [inferred], and ManifestOutputLocation.ExpectedManifestBucketOwner against the output's bucket.
   */
  expectedBucketOwner?: string
  enableManifestOutput: boolean
  output?: { bucket: string; prefix?: string; expectedBucketOwner?: string }
  filter: GeneratorFilter
}

export interface GeneratorFilter {
  eligibleForReplication?: boolean
  createdAfter?: Date
  createdBefore?: Date
  replicationStatuses?: string[]
  matchAnyPrefix?: string[]
  matchAnySuffix?: string[]
  matchAnySubstring?: string[]
  sizeGreaterThan?: number
  sizeLessThan?: number
  storageClasses?: string[]
  encryptions?: string[]
}
