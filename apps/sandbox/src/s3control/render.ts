import { partitionOf, s3Arn } from '../arn.js'
import { elapsedActiveSeconds, type Job } from '../jobs/job.js'
import type { Tag } from './create-job-input.js'

/** A job as DescribeJob's `JobDescriptor` (S3 Control model), ready for the XML builder. */
export function jobDescriptor(job: Job): Record<string, unknown> {
  const descriptor: Record<string, unknown> = {
    JobId: job.id,
    ConfirmationRequired: String(job.input.confirmationRequired),
    ...(job.input.description === undefined ? {} : { Description: job.input.description }),
    JobArn: job.arn,
    Status: job.status,
    ...(job.input.echo.Manifest === undefined ? {} : { Manifest: job.input.echo.Manifest }),
    Operation: job.input.echo.Operation,
    Priority: String(job.priority),
    ProgressSummary: progressSummary(job),
    ...(job.statusUpdateReason === undefined ? {} : { StatusUpdateReason: job.statusUpdateReason }),
    ...(job.failureReasons.length === 0 ? {} : { FailureReasons: { member: job.failureReasons } }),
    Report: job.input.echo.Report,
    CreationTime: job.creationTime.toISOString(),
    ...(job.terminationDate === undefined ? {} : { TerminationDate: job.terminationDate.toISOString() }),
    RoleArn: job.input.roleArn,
    ...(job.suspendedDate === undefined ? {} : { SuspendedDate: job.suspendedDate.toISOString() }),
    ...(job.suspendedCause === undefined ? {} : { SuspendedCause: job.suspendedCause }),
    ...(job.input.echo.ManifestGenerator === undefined ? {} : { ManifestGenerator: job.input.echo.ManifestGenerator }),
  }
  if (job.generatedManifest) {
    descriptor.GeneratedManifestDescriptor = {
      Format: 'S3InventoryReport_CSV_20211130',
      Location: {
        ObjectArn: s3Arn(partitionOf(job.region), job.generatedManifest.bucket, job.generatedManifest.key),
        ETag: job.generatedManifest.etag,
      },
    }
  }
  return descriptor
}

/** A job as ListJobs' `JobListDescriptor`. */
export function jobListDescriptor(job: Job): Record<string, unknown> {
  return {
    JobId: job.id,
    ...(job.input.description === undefined ? {} : { Description: job.input.description }),
    Operation: job.input.operation.name,
    Priority: String(job.priority),
    Status: job.status,
    CreationTime: job.creationTime.toISOString(),
    ...(job.terminationDate === undefined ? {} : { TerminationDate: job.terminationDate.toISOString() }),
    ProgressSummary: progressSummary(job),
  }
}

export function tagSet(tags: Tag[]): Record<string, unknown> {
  return tags.length === 0 ? {} : { member: tags }
}

function progressSummary(job: Job): Record<string, unknown> {
  return {
    ...(job.totalTasks === undefined ? {} : { TotalNumberOfTasks: String(job.totalTasks) }),
    NumberOfTasksSucceeded: String(job.succeeded),
    NumberOfTasksFailed: String(job.failed),
    Timers: { ElapsedTimeInActiveSeconds: String(elapsedActiveSeconds(job)) },
  }
}
