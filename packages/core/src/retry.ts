import { DescribeJobCommand, type JobDescriptor } from '@aws-sdk/client-s3-control'
import type { S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from './aws-error.js'
import { bucketRegion } from './buckets.js'
import type { SeedClients } from './clients.js'
import { parseCsv } from './csv.js'
import { S3SeedError } from './errors.js'
import { createJob, withClientRequestToken } from './job.js'
import { S3_SEED_PREFIX } from './listing/sequential.js'
import { ManifestUpload } from './manifest-upload.js'
import { JOB_DESCRIPTION_PREFIX } from './plan.js'
import { parseReportRow, readObjectText } from './report.js'

export interface RetryOptions {
  clients: SeedClients
  accountId: string
  /** The job whose failed tasks to run again. */
  jobId: string
  /** The Region of that job (jobs are regional). */
  region: string
}

export type RetryResult = { kind: 'nothing-failed' } | { kind: 'created'; jobId: string; region: string; objectCount: number; manifest: string }

/**
 * Runs a copy job's failed tasks again: reads the job's completion report, writes the failed rows
 * (bucket and key exactly as the report gives them, which is how they stood in the manifest
 * [inferred]) into a new manifest beside the old one (where the job's role may read), and creates a
 * job with the old job's operation, role, priority and report settings.
 */
export async function retryFailedTasks(options: RetryOptions): Promise<RetryResult> {
  const s3control = options.clients.s3control(options.region)
  let job: JobDescriptor | undefined
  try {
    job = (await s3control.send(new DescribeJobCommand({ AccountId: options.accountId, JobId: options.jobId }))).Job
  } catch (error) {
    throw wrapAwsError(error, 'DescribeJob', `Describing job ${options.jobId}`, `Check the job ID and --region (${options.region})`)
  }
  const target = job?.Operation?.S3PutObjectCopy?.TargetResource
  const report = job?.Report
  if (!job || !target || !report?.Enabled || !report.Bucket) {
    throw new S3SeedError(`Job ${options.jobId} is not a copy job with a completion report, so its failed tasks cannot be found. Seed the pair again instead.`)
  }
  const reportBucket = report.Bucket.replace(/^arn:[^:]+:s3:::/, '')
  const destination = target.replace(/^arn:[^:]+:s3:::/, '')
  const s3 = options.clients.s3(options.region)
  const base = `${report.Prefix ? `${report.Prefix}/` : ''}job-${options.jobId}`
  const manifestJson = await readText(s3, reportBucket, `${base}/manifest.json`)
  const results = (JSON.parse(manifestJson) as { Results?: Array<{ TaskExecutionStatus?: string; Bucket?: string; Key?: string }> }).Results ?? []
  const oldManifest = /^arn:[^:]+:s3:::([^/]+)\/(.+)$/.exec(job.Manifest?.Location?.ObjectArn ?? '')
  const manifestBucket = oldManifest?.[1] ?? reportBucket
  const key = `${oldManifest ? oldManifest[2]?.replace(/[^/]*$/, '') : `${S3_SEED_PREFIX}manifests/${destination}/`}retry-${options.jobId}.csv`
  const manifestS3 = options.clients.s3(await bucketRegion(options.clients.s3(options.clients.defaultRegion), manifestBucket, 'manifest bucket'))
  let upload: ManifestUpload | undefined
  let objectCount = 0
  let sourceBucket = ''
  for (const result of results.filter((entry) => entry.TaskExecutionStatus === 'failed')) {
    for (const row of parseCsv(await readText(s3, result.Bucket ?? reportBucket, result.Key ?? ''))) {
      if (parseReportRow(row)?.status !== 'failed') continue
      upload ??= new ManifestUpload(manifestS3, { bucket: manifestBucket, key })
      sourceBucket = row[0] as string
      await upload.write(`${row[0]},${row[1]}\n`)
      objectCount++
    }
  }
  if (upload === undefined) return { kind: 'nothing-failed' }
  const etag = await upload.complete()
  const input = {
    AccountId: options.accountId,
    ConfirmationRequired: false,
    Operation: job.Operation,
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820' as const, Fields: ['Bucket' as const, 'Key' as const] },
      Location: { ObjectArn: `arn:aws:s3:::${manifestBucket}/${key}`, ETag: etag },
    },
    Report: report,
    Priority: job.Priority ?? 10,
    RoleArn: job.RoleArn ?? '',
    Description: `${JOB_DESCRIPTION_PREFIX}${sourceBucket} -> ${destination} (retry of ${options.jobId})`.slice(0, 256),
  }
  const jobId = await createJob(s3control, withClientRequestToken(input))
  return { kind: 'created', jobId, region: options.region, objectCount, manifest: `s3://${manifestBucket}/${key}` }
}

async function readText(s3: S3Client, bucket: string, key: string): Promise<string> {
  try {
    return await readObjectText(s3, bucket, key)
  } catch (error) {
    throw wrapAwsError(error, 'GetObject', `Reading the completion report s3://${bucket}/${key}`)
  }
}
