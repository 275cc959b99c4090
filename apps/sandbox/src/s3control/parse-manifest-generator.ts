import { child, isElement, members, text, type XmlNode } from '../xml.js'
import type { GeneratorFilter, ManifestGeneratorSettings, ManifestSource } from './create-job-input.js'
import { badRequest } from './errors.js'
import { accountIdField, assign, bool, bucketArnField, date, integer, oneOf, required, strings } from './xml-fields.js'

/**
 * The request's ManifestGenerator section (`S3JobManifestGenerator`): the source bucket, its filter
 * and optional output, each with the owner the request expects (ExpectedBucketOwner,
 * ExpectedManifestBucketOwner).
 */
export function parseGenerator(node: XmlNode | XmlNode[] | undefined, partition: string): ManifestSource {
  const generator = child(node, 'S3JobManifestGenerator')
  if (generator === undefined) throw badRequest('ManifestGenerator.S3JobManifestGenerator is required.')
  const sourceBucket = bucketArnField(generator, 'SourceBucket', 'S3JobManifestGenerator.SourceBucket', partition)
  const expectedBucketOwner = accountIdField(generator, 'ExpectedBucketOwner', 'S3JobManifestGenerator.ExpectedBucketOwner')
  const enableManifestOutput = bool(required(generator, 'EnableManifestOutput', 'EnableManifestOutput'), 'EnableManifestOutput') as boolean
  const output = parseOutputLocation(child(generator, 'ManifestOutputLocation'), partition)
  if (enableManifestOutput && output === undefined) {
    throw badRequest('ManifestOutputLocation is required when EnableManifestOutput is true.')
  }
  const filter = parseFilter(child(generator, 'Filter'))
  return {
    kind: 'generated',
    generator: {
      sourceBucket,
      enableManifestOutput,
      filter,
      ...(output ? { output } : {}),
      ...(expectedBucketOwner === undefined ? {} : { expectedBucketOwner }),
    },
  }
}

function parseOutputLocation(node: XmlNode | XmlNode[] | undefined, partition: string): ManifestGeneratorSettings['output'] {
  if (node === undefined) return undefined
  const bucket = bucketArnField(node, 'Bucket', 'ManifestOutputLocation.Bucket', partition)
  const expectedBucketOwner = accountIdField(node, 'ExpectedManifestBucketOwner', 'ManifestOutputLocation.ExpectedManifestBucketOwner')
  oneOf(required(node, 'ManifestFormat', 'ManifestOutputLocation.ManifestFormat'), ['S3InventoryReport_CSV_20211130'], 'ManifestFormat')
  const prefix = text(node, 'ManifestPrefix')
  return { bucket, ...(prefix ? { prefix } : {}), ...(expectedBucketOwner === undefined ? {} : { expectedBucketOwner }) }
}

function parseFilter(filterNode: XmlNode | XmlNode[] | undefined): GeneratorFilter {
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
  return filter
}
