import { bucketFromArn, objectFromArn } from '../arn.js'
import { child, isElement, members, text, type XmlNode } from '../xml.js'
import { badRequest } from './errors.js'

/**
 * CreateJob, parsed and validated as the S3 Control model describes it
 * (botocore s3control/2018-08-20 service-2.json, `CreateJobRequest` and the shapes under it).
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
  | { enabled: true; bucket: string; prefix?: string; scope: 'AllTasks' | 'FailedTasksOnly' }

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
  enableManifestOutput: boolean
  output?: { bucket: string; prefix?: string }
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

const STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR']
const CANNED_ACLS = ['private', 'public-read', 'public-read-write', 'aws-exec-read', 'authenticated-read', 'bucket-owner-read', 'bucket-owner-full-control']
const CHECKSUMS = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME', 'SHA512', 'MD5', 'XXHASH64', 'XXHASH3', 'XXHASH128']
const MANIFEST_FIELDS: ManifestField[] = ['Ignore', 'Bucket', 'Key', 'VersionId']
const UNSUPPORTED_OPERATIONS = [
  'LambdaInvoke', 'S3PutObjectAcl', 'S3PutObjectTagging', 'S3DeleteObjectTagging', 'S3InitiateRestoreObject',
  'S3PutObjectLegalHold', 'S3PutObjectRetention', 'S3ComputeObjectChecksum', 'S3UpdateObjectEncryption',
]

export function parseCreateJob(accountId: string | undefined, body: XmlNode): CreateJobInput {
  if (accountId === undefined || !/^\d{12}$/.test(accountId)) {
    throw badRequest('The x-amz-account-id header is required and must be a 12-digit account ID.')
  }
  const clientRequestToken = required(body, 'ClientRequestToken')
  if (clientRequestToken.length > 64) throw badRequest('ClientRequestToken must be 1 to 64 characters.')
  const priority = integer(required(body, 'Priority'), 'Priority', 0, 2147483647)
  const roleArn = required(body, 'RoleArn')
  if (!/^arn:[^:]+:iam::\d{12}:role\/.+/.test(roleArn) || roleArn.length > 2048) {
    throw badRequest(`RoleArn "${roleArn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`)
  }
  const description = text(body, 'Description')
  if (description !== undefined && (description.length < 1 || description.length > 256)) {
    throw badRequest('Description must be 1 to 256 characters.')
  }
  const hasManifest = child(body, 'Manifest') !== undefined
  const hasGenerator = child(body, 'ManifestGenerator') !== undefined
  if (hasManifest === hasGenerator) {
    throw badRequest('Exactly one of Manifest or ManifestGenerator must be specified.')
  }
  const echo: Record<string, XmlNode | XmlNode[]> = {}
  for (const name of ['Manifest', 'ManifestGenerator', 'Operation', 'Report']) {
    const value = child(body, name)
    if (value !== undefined) echo[name] = value
  }
  return {
    accountId,
    clientRequestToken,
    confirmationRequired: bool(text(body, 'ConfirmationRequired'), 'ConfirmationRequired') ?? false,
    priority,
    roleArn,
    ...(description === undefined ? {} : { description }),
    tags: parseTags(body, 'Tags'),
    operation: parseOperation(child(body, 'Operation')),
    report: parseReport(child(body, 'Report')),
    manifest: hasManifest ? parseManifest(child(body, 'Manifest')) : parseGenerator(child(body, 'ManifestGenerator')),
    echo,
  }
}

export function parseTags(node: XmlNode | XmlNode[] | undefined, name: string): Tag[] {
  const tags = members(node, name).map((tag) => ({ Key: required(tag, 'Key', `${name}.Key`), Value: text(tag, 'Value') ?? '' }))
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128) throw badRequest(`Tag key "${tag.Key}" must be 1 to 128 characters.`)
    if (tag.Value.length > 256) throw badRequest(`Tag value for "${tag.Key}" must be at most 256 characters.`)
  }
  if (tags.length > 50) throw badRequest('A job can have at most 50 tags.')
  return tags
}

function parseOperation(node: XmlNode | XmlNode[] | undefined): JobOperation {
  if (!isElement(node)) throw badRequest('Operation is required.')
  const names = Object.keys(node)
  if (names.length !== 1) throw badRequest('Operation must specify exactly one operation.')
  const name = names[0] as string
  if (name === 'S3ReplicateObject') return { name }
  if (name === 'S3PutObjectCopy') return { name, copy: parseCopy(node[name]) }
  if (UNSUPPORTED_OPERATIONS.includes(name)) {
    throw badRequest(`Operation ${name} is valid on AWS but not emulated by the s3-seed sandbox.`)
  }
  throw badRequest(`Unknown operation ${name}.`)
}

function parseCopy(node: XmlNode | XmlNode[] | undefined): CopySettings {
  const target = required(node, 'TargetResource', 'S3PutObjectCopy.TargetResource')
  const targetBucket = bucketFromArn(target)
  if (targetBucket === undefined) throw badRequest(`TargetResource "${target}" is not an S3 bucket ARN.`)
  const prefix = text(node, 'TargetKeyPrefix')
  if (prefix !== undefined && (prefix.length < 1 || prefix.length > 1024)) throw badRequest('TargetKeyPrefix must be 1 to 1024 characters.')
  const metadata = child(node, 'NewObjectMetadata')
  const tagging = child(node, 'NewObjectTagging')
  const legalHold = text(child(node, 'ObjectLockLegalHoldStatus'), 'Status')
  const settings: CopySettings = {
    targetBucket,
    grants: members(node, 'AccessControlGrants').map((grant) => ({
      permission: required(grant, 'Permission', 'AccessControlGrants.Permission'),
      typeIdentifier: required(child(grant, 'Grantee'), 'TypeIdentifier', 'Grantee.TypeIdentifier'),
      identifier: required(child(grant, 'Grantee'), 'Identifier', 'Grantee.Identifier'),
    })),
  }
  assign(settings, 'targetKeyPrefix', prefix)
  assign(settings, 'storageClass', oneOf(text(node, 'StorageClass'), STORAGE_CLASSES, 'StorageClass'))
  assign(settings, 'metadataDirective', oneOf(text(node, 'MetadataDirective'), ['COPY', 'REPLACE'], 'MetadataDirective') as 'COPY' | 'REPLACE' | undefined)
  if (metadata !== undefined) settings.newObjectMetadata = parseMetadata(metadata)
  if (tagging !== undefined) settings.newObjectTagging = parseTags(node, 'NewObjectTagging')
  assign(settings, 'cannedAcl', oneOf(text(node, 'CannedAccessControlList'), CANNED_ACLS, 'CannedAccessControlList'))
  assign(settings, 'sseKmsKeyId', text(node, 'SSEAwsKmsKeyId'))
  assign(settings, 'bucketKeyEnabled', bool(text(node, 'BucketKeyEnabled'), 'BucketKeyEnabled'))
  assign(settings, 'modifiedSince', date(text(node, 'ModifiedSinceConstraint'), 'ModifiedSinceConstraint'))
  assign(settings, 'unmodifiedSince', date(text(node, 'UnModifiedSinceConstraint'), 'UnModifiedSinceConstraint'))
  assign(settings, 'redirectLocation', text(node, 'RedirectLocation'))
  assign(settings, 'requesterPays', bool(text(node, 'RequesterPays'), 'RequesterPays'))
  assign(settings, 'checksumAlgorithm', oneOf(text(node, 'ChecksumAlgorithm'), CHECKSUMS, 'ChecksumAlgorithm'))
  assign(settings, 'objectLockMode', oneOf(text(node, 'ObjectLockMode'), ['COMPLIANCE', 'GOVERNANCE'], 'ObjectLockMode'))
  assign(settings, 'objectLockRetainUntil', date(text(node, 'ObjectLockRetainUntilDate'), 'ObjectLockRetainUntilDate'))
  assign(settings, 'objectLockLegalHold', oneOf(legalHold, ['ON', 'OFF'], 'ObjectLockLegalHoldStatus.Status'))
  return settings
}

function parseMetadata(node: XmlNode | XmlNode[]): ObjectMetadata {
  const userMetadata: Record<string, string> = {}
  for (const entry of members(node, 'UserMetadata', 'entry')) {
    userMetadata[required(entry, 'key', 'UserMetadata.key')] = text(entry, 'value') ?? ''
  }
  const metadata: ObjectMetadata = { userMetadata }
  assign(metadata, 'cacheControl', text(node, 'CacheControl'))
  assign(metadata, 'contentDisposition', text(node, 'ContentDisposition'))
  assign(metadata, 'contentEncoding', text(node, 'ContentEncoding'))
  assign(metadata, 'contentLanguage', text(node, 'ContentLanguage'))
  assign(metadata, 'contentType', text(node, 'ContentType'))
  assign(metadata, 'expires', date(text(node, 'HttpExpiresDate'), 'HttpExpiresDate'))
  assign(metadata, 'sseAlgorithm', oneOf(text(node, 'SSEAlgorithm'), ['AES256', 'KMS'], 'SSEAlgorithm') as 'AES256' | 'KMS' | undefined)
  return metadata
}

function parseReport(node: XmlNode | XmlNode[] | undefined): ReportSettings {
  if (node === undefined) throw badRequest('Report is required.')
  const enabled = bool(required(node, 'Enabled', 'Report.Enabled'), 'Report.Enabled')
  if (!enabled) return { enabled: false }
  const bucketArn = required(node, 'Bucket', 'Report.Bucket')
  const bucket = bucketFromArn(bucketArn)
  if (bucket === undefined) throw badRequest(`Report.Bucket "${bucketArn}" must be a bucket ARN (arn:aws:s3:::name), not a bucket name.`)
  if (text(node, 'Format') !== 'Report_CSV_20180820') throw badRequest('Report.Format must be Report_CSV_20180820 when the report is enabled.')
  const scope = oneOf(text(node, 'ReportScope'), ['AllTasks', 'FailedTasksOnly'], 'Report.ReportScope') ?? 'AllTasks'
  const prefix = text(node, 'Prefix')
  return { enabled: true, bucket, scope: scope as 'AllTasks' | 'FailedTasksOnly', ...(prefix ? { prefix } : {}) }
}

function parseManifest(node: XmlNode | XmlNode[] | undefined): ManifestSource {
  const spec = child(node, 'Spec')
  const format = required(spec, 'Format', 'Manifest.Spec.Format')
  const location = child(node, 'Location')
  const objectArn = required(location, 'ObjectArn', 'Manifest.Location.ObjectArn')
  const object = objectFromArn(objectArn)
  if (object === undefined) throw badRequest(`Manifest.Location.ObjectArn "${objectArn}" is not an S3 object ARN.`)
  const etag = required(location, 'ETag', 'Manifest.Location.ETag')
  const versionId = text(location, 'ObjectVersionId')
  const manifestLocation: ManifestLocation = { ...object, etag, ...(versionId ? { versionId } : {}) }
  if (format === 'S3InventoryReport_CSV_20161130') return { kind: 'inventory', location: manifestLocation }
  if (format !== 'S3BatchOperations_CSV_20180820') throw badRequest(`Manifest.Spec.Format "${format}" is not a manifest format.`)
  const fields = members(spec, 'Fields').map((field) => {
    if (typeof field !== 'string' || !MANIFEST_FIELDS.includes(field as ManifestField)) {
      throw badRequest(`Manifest.Spec.Fields has an unknown field; use ${MANIFEST_FIELDS.join(', ')}.`)
    }
    return field as ManifestField
  })
  if (!fields.includes('Bucket') || !fields.includes('Key')) {
    throw badRequest('Manifest.Spec.Fields must include Bucket and Key for S3BatchOperations_CSV_20180820.')
  }
  return { kind: 'csv', fields, location: manifestLocation }
}

function parseGenerator(node: XmlNode | XmlNode[] | undefined): ManifestSource {
  const generator = child(node, 'S3JobManifestGenerator')
  if (generator === undefined) throw badRequest('ManifestGenerator.S3JobManifestGenerator is required.')
  const sourceArn = required(generator, 'SourceBucket', 'S3JobManifestGenerator.SourceBucket')
  const sourceBucket = bucketFromArn(sourceArn)
  if (sourceBucket === undefined) throw badRequest(`SourceBucket "${sourceArn}" is not an S3 bucket ARN.`)
  const enableManifestOutput = bool(required(generator, 'EnableManifestOutput', 'EnableManifestOutput'), 'EnableManifestOutput') as boolean
  const outputNode = child(generator, 'ManifestOutputLocation')
  let output: ManifestGeneratorSettings['output']
  if (outputNode !== undefined) {
    const bucketArn = required(outputNode, 'Bucket', 'ManifestOutputLocation.Bucket')
    const bucket = bucketFromArn(bucketArn)
    if (bucket === undefined) throw badRequest(`ManifestOutputLocation.Bucket "${bucketArn}" is not a bucket ARN.`)
    oneOf(required(outputNode, 'ManifestFormat', 'ManifestOutputLocation.ManifestFormat'), ['S3InventoryReport_CSV_20211130'], 'ManifestFormat')
    const prefix = text(outputNode, 'ManifestPrefix')
    output = { bucket, ...(prefix ? { prefix } : {}) }
  }
  if (enableManifestOutput && output === undefined) {
    throw badRequest('ManifestOutputLocation is required when EnableManifestOutput is true.')
  }
  const filterNode = child(generator, 'Filter')
  const keys = child(filterNode, 'KeyNameConstraint')
  const filter: GeneratorFilter = {}
  assign(filter, 'eligibleForReplication', bool(text(filterNode, 'EligibleForReplication'), 'EligibleForReplication'))
  assign(filter, 'createdAfter', date(text(filterNode, 'CreatedAfter'), 'CreatedAfter'))
  assign(filter, 'createdBefore', date(text(filterNode, 'CreatedBefore'), 'CreatedBefore'))
  assign(filter, 'replicationStatuses', strings(filterNode, 'ObjectReplicationStatuses'))
  assign(filter, 'matchAnyPrefix', strings(keys, 'MatchAnyPrefix'))
  assign(filter, 'matchAnySuffix', strings(keys, 'MatchAnySuffix'))
  assign(filter, 'matchAnySubstring', strings(keys, 'MatchAnySubstring'))
  const greater = text(filterNode, 'ObjectSizeGreaterThanBytes')
  const less = text(filterNode, 'ObjectSizeLessThanBytes')
  if (greater !== undefined) filter.sizeGreaterThan = integer(greater, 'ObjectSizeGreaterThanBytes', 0, Number.MAX_SAFE_INTEGER)
  if (less !== undefined) filter.sizeLessThan = integer(less, 'ObjectSizeLessThanBytes', 0, Number.MAX_SAFE_INTEGER)
  assign(filter, 'storageClasses', strings(filterNode, 'MatchAnyStorageClass'))
  const encryptions = members(filterNode, 'MatchAnyObjectEncryption', 'ObjectEncryption').flatMap((entry) =>
    isElement(entry) ? Object.keys(entry) : [],
  )
  if (encryptions.length > 0) filter.encryptions = encryptions
  return {
    kind: 'generated',
    generator: { sourceBucket, enableManifestOutput, filter, ...(output ? { output } : {}) },
  }
}

function strings(node: XmlNode | XmlNode[] | undefined, name: string): string[] | undefined {
  const values = members(node, name).filter((value): value is string => typeof value === 'string')
  return values.length > 0 ? values : undefined
}

function required(node: XmlNode | XmlNode[] | undefined, name: string, label = name): string {
  const value = text(node, name)
  if (value === undefined || value === '') throw badRequest(`${label} is required.`)
  return value
}

function integer(value: string, label: string, min: number, max: number): number {
  const parsed = Number(value)
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) throw badRequest(`${label} must be an integer from ${min} to ${max}.`)
  return parsed
}

function bool(value: string | undefined, label: string): boolean | undefined {
  if (value === undefined) return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw badRequest(`${label} must be true or false.`)
}

function date(value: string | undefined, label: string): Date | undefined {
  if (value === undefined) return undefined
  const parsed = new Date(value)
  if (Number.isNaN(parsed.getTime())) throw badRequest(`${label} is not a valid timestamp.`)
  return parsed
}

function oneOf(value: string | undefined, allowed: string[], label: string): string | undefined {
  if (value !== undefined && !allowed.includes(value)) throw badRequest(`${label} "${value}" is not one of ${allowed.join(', ')}.`)
  return value
}

/** Sets an optional property only when it has a value (exactOptionalPropertyTypes). */
function assign<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value
}
