import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { describeAwsError } from '../aws-clients.js'
import { formatCsvRow } from '../csv.js'
import type { ReportSettings } from '../s3control/create-job-input.js'
import type { Task, TaskResult } from './task.js'

export interface ReportTarget {
  bucket: string
  prefix?: string
  scope: 'AllTasks' | 'FailedTasksOnly'
  /** Report.ExpectedBucketOwner: the writes carry it, so a bucket of another owner refuses them (UG bucket-owner-condition). */
  expectedBucketOwner?: string
}

export interface TaskOutcome {
  task: Task
  result: TaskResult
}

/**
 * Writes the job's completion report when the job asked for one and at least one task ran.
 * Returns the FailureReason for a report that could not be written; the job then fails, as on AWS.
 */
export async function writeCompletionReport(
  s3: S3Client,
  report: ReportSettings,
  jobId: string,
  outcomes: TaskOutcome[],
): Promise<string | undefined> {
  if (!report.enabled || outcomes.length === 0) return undefined
  try {
    await writeReport(s3, report, jobId, outcomes)
    return undefined
  } catch (error) {
    const { code } = describeAwsError(error)
    return `Unable to write the completion report to s3://${report.bucket}/${report.prefix ?? ''}: ${code}`
  }
}

/**
 * Writes a completion report in AWS's layout (UG batch-ops-examples-reports):
 * `<prefix>/job-<id>/manifest.json` naming `<prefix>/job-<id>/results/<sha1>.csv` files, one for
 * succeeded and one for failed tasks, with SSE-S3. CSV rows have no header; AWS's sample rows put
 * the HTTP status before the error code (`bucket,key,version,failed,403,AccessDenied,"message"`),
 * which differs from the order its ReportSchema string lists; the sandbox follows the samples.
 */
export async function writeReport(s3: S3Client, target: ReportTarget, jobId: string, outcomes: TaskOutcome[]): Promise<string> {
  const base = `${target.prefix ? `${target.prefix.replace(/\/$/, '')}/` : ''}job-${jobId}`
  const groups: Array<'succeeded' | 'failed'> = target.scope === 'FailedTasksOnly' ? ['failed'] : ['succeeded', 'failed']
  const owner = target.expectedBucketOwner === undefined ? {} : { ExpectedBucketOwner: target.expectedBucketOwner }
  const results = []
  for (const status of groups) {
    const rows = outcomes.filter((outcome) => outcome.result.status === status)
    if (rows.length === 0) continue
    const csv = rows.map(({ task, result }) => formatCsvRow(reportRow(task, result))).join('\n') + '\n'
    const key = `${base}/results/${createHash('sha1').update(`${jobId}:${status}`).digest('hex')}.csv`
    await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: csv, ServerSideEncryption: 'AES256', ...owner }))
    results.push({
      TaskExecutionStatus: status,
      Bucket: target.bucket,
      MD5Checksum: createHash('md5').update(csv).digest('hex'),
      Key: key,
    })
  }
  const manifest = {
    Format: 'Report_CSV_20180820',
    ReportCreationDate: new Date().toISOString(),
    Results: results,
    ReportSchema: 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
  }
  const manifestKey = `${base}/manifest.json`
  await s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: manifestKey,
      Body: JSON.stringify(manifest),
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
      ...owner,
    }),
  )
  return manifestKey
}

function reportRow(task: Task, result: TaskResult): string[] {
  const head = [task.bucket, task.manifestKey, task.versionId ?? '', result.status, String(result.httpStatus)]
  return result.status === 'succeeded' ? [...head, '', result.message] : [...head, result.errorCode, result.message]
}
