import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { parseCsv } from '../util/csv.js'
import { reportManifestKey, s3Uri } from '../layout.js'

export interface FailureGroup {
  errorCode: string
  httpStatus?: number
  count: number
  /** A few object keys that failed this way, decoded. */
  examples: string[]
  /** The first result message seen for this code. */
  message: string
}

export interface ReportSummary {
  /** s3://bucket/key of the report's manifest.json. */
  location: string
  succeeded: number
  failed: number
  failures: FailureGroup[]
}

export interface ReadReportOptions {
  bucket: string
  prefix: string
  jobId: string
  /** Example keys kept per error code. Default: 3. */
  maxExamples?: number
}

/**
 * Reads a job's completion report (UG batch-ops-examples-reports): `<prefix>/job-<id>/manifest.json`
 * names the result CSVs; their rows have no header. AWS's sample rows put the HTTP status before the
 * error code although ReportSchema lists them the other way round, so rows are read by content:
 * the all-digit field after the status is the HTTP status, the other the error code.
 * Returns undefined when there is no report (AWS writes none when no task ran).
 */
export async function readReport(s3: S3Client, options: ReadReportOptions): Promise<ReportSummary | undefined> {
  const manifestKey = reportManifestKey(options.prefix, options.jobId)
  let manifest: { Results?: Array<{ Bucket?: string; Key?: string; TaskExecutionStatus?: string }> }
  try {
    manifest = JSON.parse(await readObjectText(s3, options.bucket, manifestKey))
  } catch (error) {
    if (awsErrorCode(error) === 'NoSuchKey') return undefined
    throw wrapAwsError(error, 'GetObject', `Reading the completion report s3://${options.bucket}/${manifestKey}`)
  }
  const summary: ReportSummary = { location: s3Uri(options.bucket, manifestKey), succeeded: 0, failed: 0, failures: [] }
  const groups = new Map<string, FailureGroup>()
  for (const result of manifest.Results ?? []) {
    const bucket = result.Bucket ?? options.bucket
    let text: string
    try {
      text = await readObjectText(s3, bucket, result.Key ?? '')
    } catch (error) {
      throw wrapAwsError(error, 'GetObject', `Reading the report file s3://${bucket}/${result.Key}`)
    }
    for (const row of parseCsv(text)) {
      const parsed = parseReportRow(row)
      if (parsed === undefined) continue
      if (parsed.status === 'succeeded') {
        summary.succeeded++
        continue
      }
      summary.failed++
      const group = groups.get(parsed.errorCode) ?? {
        errorCode: parsed.errorCode,
        ...(parsed.httpStatus === undefined ? {} : { httpStatus: parsed.httpStatus }),
        count: 0,
        examples: [],
        message: parsed.message,
      }
      group.count++
      if (group.examples.length < (options.maxExamples ?? 3)) group.examples.push(parsed.key)
      groups.set(parsed.errorCode, group)
    }
  }
  summary.failures = [...groups.values()].sort((a, b) => b.count - a.count)
  return summary
}

interface ReportRow {
  key: string
  status: 'succeeded' | 'failed'
  errorCode: string
  httpStatus?: number
  message: string
}

export function parseReportRow(row: string[]): ReportRow | undefined {
  const statusIndex = row.findIndex((field, index) => index >= 2 && (field === 'succeeded' || field === 'failed'))
  if (statusIndex < 0 || row[1] === undefined) return undefined
  const rest = row.slice(statusIndex + 1)
  const statusField = rest.slice(0, 2).find((field) => /^\d{3}$/.test(field))
  const codeField = rest.slice(0, 2).find((field) => field !== statusField && field !== '')
  return {
    key: decodeReportKey(row[1]),
    status: row[statusIndex] as 'succeeded' | 'failed',
    errorCode: codeField ?? (row[statusIndex] === 'failed' ? 'Unknown' : ''),
    ...(statusField === undefined ? {} : { httpStatus: Number(statusField) }),
    message: rest.slice(2).join(','),
  }
}

/** Report keys repeat the manifest's URL-encoded keys [inferred]; undecodable ones are shown as is. */
function decodeReportKey(key: string): string {
  try {
    return decodeURIComponent(key.replaceAll('+', ' '))
  } catch {
    return key
  }
}

/** An object's body as UTF-8 text (report files are small). */
export async function readObjectText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return (await Body?.transformToString('utf8')) ?? ''
}
