// `@s3-seed/core/jobs`: Batch Operations jobs after the fact, for `status`, `watch`, `cancel` and
// `retry`. Loads @aws-sdk/client-s3-control and @aws-sdk/client-s3 (retries read the completion
// report); never IAM or KMS. Start with `@s3-seed/core/base` for the clients (entries/base.ts).

export { pollJob, describeJob } from '../jobs/poll-job.js'
export type { PollJobOptions, PollJobResult } from '../jobs/poll-job.js'
export type { JobSnapshot, JobStatus } from '../jobs/job-snapshot.js'
export { listSeedJobs, cancelJob } from '../jobs/list-jobs.js'
export type { ListSeedJobsOptions } from '../jobs/list-jobs.js'
export { retryFailedTasks } from '../jobs/retry-failed-tasks.js'
export type { RetryOptions, RetryResult } from '../jobs/retry-failed-tasks.js'
export type { ReportSummary, FailureGroup } from '../jobs/completion-report.js'
