import type { JobSnapshot } from '@s3-seed/core'
import { formatTable } from './table.js'

/** One row per job, as `status` and `watch` print them. */
export function jobsTable(jobs: JobSnapshot[]): string[] {
  return formatTable([
    ['JOB ID', 'STATE', 'TOTAL', 'SUCCEEDED', 'FAILED', 'CREATED', 'DESCRIPTION'],
    ...jobs.map((job) => [
      job.jobId,
      job.status,
      job.total === undefined ? '?' : String(job.total),
      String(job.succeeded),
      String(job.failed),
      job.creationTime?.toISOString().replace(/\.\d+Z$/, 'Z') ?? '',
      job.description ?? '',
    ]),
  ])
}
