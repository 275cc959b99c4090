import { child, isElement, members, text, type XmlNode } from '../xml.js'
import type { CopySettings, JobOperation, ObjectMetadata } from './create-job-input.js'
import { badRequest } from './errors.js'
import { parseTags } from './parse-tags.js'
import { assign, bool, bucketArnField, date, oneOf, required } from './xml-fields.js'

const STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR']
const CANNED_ACLS = ['private', 'public-read', 'public-read-write', 'aws-exec-read', 'authenticated-read', 'bucket-owner-read', 'bucket-owner-full-control']
const CHECKSUMS = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME', 'SHA512', 'MD5', 'XXHASH64', 'XXHASH3', 'XXHASH128']
/** Real operations the sandbox does not run; naming them gives a clearer error than "unknown". */
const UNSUPPORTED_OPERATIONS = [
  'LambdaInvoke', 'S3PutObjectAcl', 'S3PutObjectTagging', 'S3DeleteObjectTagging', 'S3InitiateRestoreObject',
  'S3PutObjectLegalHold', 'S3PutObjectRetention', 'S3ComputeObjectChecksum', 'S3UpdateObjectEncryption',
]

/** The request's Operation section (`JobOperation`): exactly one operation, of those the sandbox runs. */
export function parseOperation(node: XmlNode | XmlNode[] | undefined, partition: string): JobOperation {
  if (!isElement(node)) throw badRequest('Operation is required.')
  const names = Object.keys(node)
  if (names.length !== 1) throw badRequest('Operation must specify exactly one operation.')
  const name = names[0] as string
  if (name === 'S3ReplicateObject') return { name }
  if (name === 'S3PutObjectCopy') return { name, copy: parseCopy(node[name], partition) }
  if (UNSUPPORTED_OPERATIONS.includes(name)) {
    throw badRequest(`Operation ${name} is valid on AWS but not emulated by the s3-seed sandbox.`)
  }
  throw badRequest(`Unknown operation ${name}.`)
}

function parseCopy(node: XmlNode | XmlNode[] | undefined, partition: string): CopySettings {
  const targetBucket = bucketArnField(node, 'TargetResource', 'S3PutObjectCopy.TargetResource', partition)
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
