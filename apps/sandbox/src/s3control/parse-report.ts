import { bucketFromArn } from '../arn.js'
import { text, type XmlNode } from '../xml.js'
import type { ReportSettings } from './create-job-input.js'
import { badRequest } from './errors.js'
import { bool, oneOf, required } from './xml-fields.js'

/** The request's Report section (`JobReport`); the bucket must be an ARN, a common mistake with a plain name. */
export function parseReport(node: XmlNode | XmlNode[] | undefined): ReportSettings {
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
