import { objectFromArn } from '../arn.js'
import { child, members, text, type XmlNode } from '../xml.js'
import type { ManifestField, ManifestLocation, ManifestSource } from './create-job-input.js'
import { badRequest } from './errors.js'
import { required } from './xml-fields.js'

const MANIFEST_FIELDS: ManifestField[] = ['Ignore', 'Bucket', 'Key', 'VersionId']

/** The request's Manifest section (`JobManifest`): a CSV manifest or an S3 Inventory report, by ARN and ETag. */
export function parseManifest(node: XmlNode | XmlNode[] | undefined, partition: string): ManifestSource {
  const spec = child(node, 'Spec')
  const format = required(spec, 'Format', 'Manifest.Spec.Format')
  const location = child(node, 'Location')
  const objectArn = required(location, 'ObjectArn', 'Manifest.Location.ObjectArn')
  const object = objectFromArn(objectArn, partition)
  if (object === undefined) throw badRequest(`Manifest.Location.ObjectArn "${objectArn}" is not an S3 object ARN (arn:${partition}:s3:::bucket/key).`)
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
