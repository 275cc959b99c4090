import type { JobDescriptor } from '@aws-sdk/client-s3-control'
import { DescribeJobCommand } from '@aws-sdk/client-s3-control'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { bucketRegion } from '../buckets/bucket-settings.js'
import type { SeedClients } from '../aws/clients.js'
import { InvalidInputError, jobNotFound } from '../errors.js'
import { createJob, type CreateJobOptions } from './create-job.js'
import { buildRetryJobInput } from './job-input.js'
import { bucketOfArn, manifestFolder, DEFAULT_MANIFEST_PREFIX, parseObjectArn, retryJobDescription, retryManifestKey, s3Uri } from '../layout.js'
import { ManifestUpload } from '../manifest/manifest-upload.js'
import { openReport } from './completion-report.js'

export interface RetryOptions {
  clients: SeedClients
  accountId: string
  /** The job whose failed tasks to run again. */
  jobId: string
  /** The Region of that job (jobs are regional). */
  region: string
  /** Only failed tasks this accepts (e.g. transient failures). Default: every failed task. */
  only?: (failure: { errorCode: string; httpStatus?: number | undefined }) => boolean
  /** CreateJob's retry settings and retry events. */
  createJob?: CreateJobOptions
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
  const job = await describeRetriedJob(options)
  const target = job.Operation?.S3PutObjectCopy?.TargetResource
  const report = job.Report
  if (!target || !report?.Enabled || !report.Bucket) {
    throw new InvalidInputError(`Job ${options.jobId} is not a copy job with a completion report, so its failed tasks cannot be found. Seed the pair again instead.`, 'JOB_ID')
  }
  const reportBucket = bucketOfArn(report.Bucket)
  const destination = bucketOfArn(target)
  // The report's owner as the job pinned it, and the new manifest only ever into the caller's bucket.
  options.clients.owners.pin(reportBucket, report.ExpectedBucketOwner ?? options.accountId, 'JOB_ID')
  const completion = await openReport(options.clients.s3(options.region), { bucket: reportBucket, prefix: report.Prefix ?? '', jobId: options.jobId })
  const retried = parseObjectArn(job.Manifest?.Location?.ObjectArn ?? '')
  const manifestBucket = retried?.bucket ?? reportBucket
  if (manifestBucket !== reportBucket) options.clients.owners.pin(manifestBucket, options.accountId, 'JOB_ID')
  const key = retryManifestKey(retried?.key ?? manifestFolder(DEFAULT_MANIFEST_PREFIX, destination), options.jobId)
  const manifestS3 = options.clients.s3(await bucketRegion(options.clients.s3(options.clients.defaultRegion), manifestBucket, 'manifest bucket'))
  let upload: ManifestUpload | undefined
  let objectCount = 0
  let sourceBucket = ''
  for await (const { fields, row } of completion.lines(true)) {
    if (row.status !== 'failed' || (options.only !== undefined && !options.only(row))) continue
    upload ??= new ManifestUpload(manifestS3, { bucket: manifestBucket, key })
    sourceBucket = fields[0] as string
    await upload.write(`${fields[0]},${fields[1]}\n`)
    objectCount++
  }
  if (upload === undefined) return { kind: 'nothing-failed' }
  const etag = await upload.complete()
  const input = buildRetryJobInput(job, {
    accountId: options.accountId,
    manifest: { bucket: manifestBucket, key, etag },
    description: retryJobDescription(sourceBucket, destination, options.jobId),
  })
  const jobId = await createJob(s3control, input, options.createJob)
  return { kind: 'created', jobId, region: options.region, objectCount, manifest: s3Uri(manifestBucket, key) }
}

async function describeRetriedJob(options: RetryOptions): Promise<JobDescriptor> {
  try {
    const { Job } = await options.clients.s3control(options.region).send(new DescribeJobCommand({ AccountId: options.accountId, JobId: options.jobId }))
    if (Job !== undefined) return Job
  } catch (error) {
    if (awsErrorCode(error) !== 'NotFoundException') throw wrapAwsError(error, 'DescribeJob', `Describing job ${options.jobId}`)
  }
  throw jobNotFound(options.jobId, options.region)
}
