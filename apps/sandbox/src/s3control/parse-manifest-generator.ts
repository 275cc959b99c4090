import { bucketFromArn } from '../arn.js'
import { child, isElement, members, text, type XmlNode } from '../xml.js'
import type { GeneratorFilter, ManifestGeneratorSettings, ManifestSource } from './create-job-input.js'
import { badRequest } from './errors.js'
import { assign, bool, date, integer, oneOf, required, strings } from './xml-fields.js'

/** The request's ManifestGenerator section (`S3JobManifestGenerator`): the source bucket, its filter and optional output. */
export function parseGenerator(node: XmlNode | XmlNode[] | undefined): ManifestSource {
  const generator = child(node, 'S3JobManifestGenerator')
  if (generator === undefined) throw badRequest('ManifestGenerator.S3JobManifestGenerator is required.')
  const sourceArn = required(generator, 'SourceBucket', 'S3JobManifestGenerator.SourceBucket')
  const sourceBucket = bucketFromArn(sourceArn)
  if (sourceBucket === undefined) throw badRequest(`SourceBucket "${sourceArn}" is not an S3 bucket ARN.`)
  const enableManifestOutput = bool(required(generator, 'EnableManifestOutput', 'EnableManifestOutput'), 'EnableManifestOutput') as boolean
  const output = parseOutputLocation(child(generator, 'ManifestOutputLocation'))
  if (enableManifestOutput && output === undefined) {
    throw badRequest('ManifestOutputLocation is required when EnableManifestOutput is true.')
  }
  const filter = parseFilter(child(generator, 'Filter'))
  return {
    kind: 'generated',
    generator: { sourceBucket, enableManifestOutput, filter, ...(output ? { output } : {}) },
  }
}

function parseOutputLocation(node: XmlNode | XmlNode[] | undefined): ManifestGeneratorSettings['output'] {
  if (node === undefined) return undefined
  const bucketArn = required(node, 'Bucket', 'ManifestOutputLocation.Bucket')
  const bucket = bucketFromArn(bucketArn)
  if (bucket === undefined) throw badRequest(`ManifestOutputLocation.Bucket "${bucketArn}" is not a bucket ARN.`)
  oneOf(required(node, 'ManifestFormat', 'ManifestOutputLocation.ManifestFormat'), ['S3InventoryReport_CSV_20211130'], 'ManifestFormat')
  const prefix = text(node, 'ManifestPrefix')
  return { bucket, ...(prefix ? { prefix } : {}) }
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
