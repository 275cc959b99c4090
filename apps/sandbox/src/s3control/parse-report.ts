import { text, type XmlNode } from '../xml.js'
import type { ReportSettings } from './create-job-input.js'
import { badRequest } from './errors.js'
import { accountIdField, bool, bucketArnField, oneOf, required } from './xml-fields.js'

/**
 * The request's Report section (`JobReport`); the bucket must be an ARN, a common mistake with a
 * plain name. ExpectedBucketOwner pins the report bucket's owner (the report writes carry it).
 */
export function parseReport(node: XmlNode | XmlNode[] | undefined, partition: string): ReportSettings {
  if (node === undefined) throw badRequest('Report is required.')
  const enabled = bool(required(node, 'Enabled', 'Report.Enabled'), 'Report.Enabled')
  if (!enabled) return { enabled: false }
  const bucket = bucketArnField(node, 'Bucket', 'Report.Bucket', partition)
  const expectedBucketOwner = accountIdField(node, 'ExpectedBucketOwner', 'Report.ExpectedBucketOwner')
  if (text(node, 'Format') !== 'Report_CSV_20180820') throw badRequest('Report.Format must be Report_CSV_20180820 when the report is enabled.')
  const scope = oneOf(text(node, 'ReportScope'), ['AllTasks', 'FailedTasksOnly'], 'Report.ReportScope') ?? 'AllTasks'
  const prefix = text(node, 'Prefix')
  return {
    enabled: true,
    bucket,
    scope: scope as 'AllTasks' | 'FailedTasksOnly',
    ...(prefix ? { prefix } : {}),
    ...(expectedBucketOwner === undefined ? {} : { expectedBucketOwner }),
  }
}
