import type { CreateJobOptions } from './job.js'
import { pollJob } from './poll.js'
import type { SeedPlan } from './plan.js'
import { readReport } from './report.js'
import type { Diverted, SeedResult, SeedRunOptions } from './seed.js'

/** A job s3-seed created (or found running) for a pair, and what went into it. */
export interface StartedJob {
  jobId: string
  region: string
  objectCount: number
  skipped: number
  manifest: string
  diverted: Diverted
}

/** Detached: report the job. Attached: poll it to its end and read its report. */
export async function follow(
  plan: SeedPlan,
  run: SeedRunOptions,
  job: StartedJob,
  account: string,
  reportRegion: string,
): Promise<SeedResult> {
  const emit = run.onEvent ?? (() => {})
  const created = { plan, ...job }
  if (run.detach) return { kind: 'created', ...created }
  const { jobId } = job
  const destinationRegion = job.region
  const outcome = await pollJob(run.clients.s3control(destinationRegion), {
    accountId: account,
    jobId,
    region: destinationRegion,
    ...(run.pollIntervalMs === undefined ? {} : { intervalMs: run.pollIntervalMs }),
    ...(run.signal === undefined ? {} : { signal: run.signal }),
    ...(run.sleep === undefined ? {} : { sleep: run.sleep }),
    onProgress: (job) => emit({ type: 'job-progress', job }),
  })
  const report =
    plan.report.enabled && outcome.state !== 'aborted'
      ? await readReport(run.clients.s3(reportRegion), { bucket: plan.report.bucket, prefix: plan.report.prefix, jobId })
      : undefined
  return { kind: 'finished', ...created, outcome, ...(report === undefined ? {} : { report }) }
}

/** CreateJob's retry settings and retry events, from a run's options. */
export function createJobOptions(run: SeedRunOptions): CreateJobOptions {
  const emit = run.onEvent ?? (() => {})
  return {
    ...(run.createJobMaxWaitMs === undefined ? {} : { maxWaitMs: run.createJobMaxWaitMs }),
    ...(run.sleep === undefined ? {} : { sleep: run.sleep }),
    ...(run.signal === undefined ? {} : { signal: run.signal }),
    onRetry: (attempt, delayMs, reason) => emit({ type: 'job-retry', attempt, delayMs, reason }),
  }
}
