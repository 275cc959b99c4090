import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws/aws-error.js'
import { AwsCallError } from '../errors.js'
import { bucketOfArn, reportManifestKey, s3Uri } from '../layout.js'
import { csvRowBatches } from './csv-row-stream.js'

export interface FailureGroup {
  errorCode: string
  httpStatus?: number | undefined
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

/** Where a job's completion report is: the job's report bucket and prefix (JobReport) and its ID. */
export interface ReportLocation {
  bucket: string
  prefix: string
  jobId: string
}

export interface ReadReportOptions extends ReportLocation {
  /** Example keys kept per error code. Default: 3. */
  maxExamples?: number
}

/** One row of a result CSV: its fields as written (bucket and key as the manifest had them) and their reading. */
export interface ReportLine {
  fields: string[]
  row: ReportRow
}

/** A job's completion report, its manifest.json read. */
export interface CompletionReport {
  /** s3://bucket/key of the report's manifest.json. */
  location: string
  /**
   * The rows of the result CSVs (no header), one CSV at a time, read as they arrive (never a whole
   * file in memory); with `failedOnly`, only the CSVs of failed tasks.
   */
  lines(failedOnly?: boolean): AsyncGenerator<ReportLine>
  /** The same rows, those each chunk of a file completes together: for callers that need not await between rows. */
  batches(failedOnly?: boolean): AsyncGenerator<ReportLine[]>
}

/**
 * Opens a job's completion report (UG batch-ops-examples-reports): `<prefix>/job-<id>/manifest.json`
 * names the result CSVs, one per task status. Throws an AwsCallError, with code NoSuchKey when the
 * job wrote no report.
 */
export async function openReport(s3: S3Client, location: ReportLocation): Promise<CompletionReport> {
  const manifestKey = reportManifestKey(location.prefix, location.jobId)
  let manifest: { Results?: Array<{ Bucket?: string; Key?: string; TaskExecutionStatus?: string }> }
  try {
    manifest = JSON.parse(await readObjectText(s3, location.bucket, manifestKey))
  } catch (error) {
    throw wrapAwsError(error, 'GetObject', `Reading the completion report s3://${location.bucket}/${manifestKey}`)
  }
  async function* batches(failedOnly = false): AsyncGenerator<ReportLine[]> {
    for (const result of manifest.Results ?? []) {
      if (failedOnly && result.TaskExecutionStatus !== 'failed') continue
      // S3 writes the result files beside manifest.json, under the job's folder (UG
      // batch-ops-examples-reports). A manifest.json that points elsewhere is not followed: whoever
      // can write the report bucket must not be able to make s3-seed read, or retry from, other data.
      const bucket = result.Bucket === undefined ? location.bucket : bucketOfArn(result.Bucket)
      const folder = manifestKey.replace(/manifest\.json$/, '')
      if (bucket !== location.bucket || !(result.Key ?? '').startsWith(folder)) {
        throw new AwsCallError(`The completion report s3://${location.bucket}/${manifestKey} names a result file outside its own folder (s3://${bucket}/${result.Key}); s3-seed does not read it.`, 'GetObject', 'UnexpectedReportLocation')
      }
      // Chunk by chunk as the body arrives: with the default AllTasks scope a job of 50M objects has
      // a report of gigabytes (UG batch-ops-job-status), so no result file is ever held whole.
      for await (const rows of csvRowBatches(objectChunks(s3, bucket, result.Key ?? ''))) {
        const batch: ReportLine[] = []
        for (const fields of rows) {
          const row = parseReportRow(fields)
          if (row !== undefined) batch.push({ fields, row })
        }
        if (batch.length > 0) yield batch
      }
    }
  }
  async function* lines(failedOnly = false): AsyncGenerator<ReportLine> {
    for await (const batch of batches(failedOnly)) yield* batch
  }
  return { location: s3Uri(location.bucket, manifestKey), lines, batches }
}

/**
 * Sums up a job's completion report: counts, and the failures grouped by error code.
 * Returns undefined when there is no report (AWS writes none when no task ran).
 */
export async function readReport(s3: S3Client, options: ReadReportOptions): Promise<ReportSummary | undefined> {
  let report: CompletionReport
  try {
    report = await openReport(s3, options)
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'NoSuchKey') return undefined
    throw error
  }
  const summary: ReportSummary = { location: report.location, succeeded: 0, failed: 0, failures: [] }
  const groups = new Map<string, FailureGroup>()
  // One await per chunk rather than per row: a third less garbage and time on a 2M-task report
  // (bench/src/report-memory.ts); memory is bounded either way.
  for await (const batch of report.batches()) {
    for (const { row: parsed } of batch) {
      if (parsed.status === 'succeeded') {
        summary.succeeded++
        continue
      }
      summary.failed++
      const group = groups.get(parsed.errorCode) ?? {
        errorCode: parsed.errorCode,
        httpStatus: parsed.httpStatus,
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
  httpStatus?: number | undefined
  message: string
}

/**
 * Reads a result row by content: AWS's sample rows put the HTTP status before the error code although
 * ReportSchema lists them the other way round, so the all-digit field after the status is the HTTP
 * status, the other the error code.
 */
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
    httpStatus: statusField === undefined ? undefined : Number(statusField),
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

/**
 * A result file's body, chunk by chunk. Under Node the SDK's Body is a Readable (an IncomingMessage);
 * a failed GetObject, or a connection lost mid-body, becomes an AwsCallError naming the file.
 */
async function* objectChunks(s3: S3Client, bucket: string, key: string): AsyncGenerator<Uint8Array> {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    if (Body === undefined) return
    if (Symbol.asyncIterator in Body) yield* Body as AsyncIterable<Uint8Array>
    else yield await Body.transformToByteArray()
  } catch (error) {
    throw wrapAwsError(error, 'GetObject', `Reading the report file s3://${bucket}/${key}`)
  }
}

/** An object's body as UTF-8 text (the report's manifest.json is small). */
async function readObjectText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return (await Body?.transformToString('utf8')) ?? ''
}
