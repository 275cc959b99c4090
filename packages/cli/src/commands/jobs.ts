import { accountId, cancelJob, describeJob, eventText, listSeedJobs, pollJob, type JobSnapshot } from '@s3-seed/core'
import type { JobsCommandOptions } from '../args/parse-args.js'
import { clientsFor } from '../aws-clients.js'
import { EXIT } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { Output } from '../output/output.js'
import { formatTable } from '../output/table.js'

export interface JobsCommandContext {
  io: CliIo
  signal?: AbortSignal
}

/** `s3-seed status [JOB_ID...]`: the jobs named, or every s3-seed job in the Region. */
export async function statusCommand(options: JobsCommandOptions, { io }: JobsCommandContext): Promise<number> {
  const { clients, account, region } = await connect(options, io)
  const s3control = clients.s3control(region)
  const jobs =
    options.jobIds.length > 0
      ? await Promise.all(options.jobIds.map((jobId) => describeJob(s3control, account, jobId, region)))
      : await listSeedJobs(s3control, { accountId: account, region })
  const output = new Output(io, options.json)
  if (jobs.length === 0) output.log(`No s3-seed jobs in ${region}. (Jobs are regional: try --region.)`)
  else for (const line of jobsTable(jobs)) output.log(line)
  output.document({ region, jobs })
  return EXIT.ok
}

/** `s3-seed watch [JOB_ID...]`: wait until the jobs end, printing progress; exit 1 if any failed. */
export async function watchCommand(options: JobsCommandOptions, { io, signal }: JobsCommandContext): Promise<number> {
  const { clients, account, region } = await connect(options, io)
  const s3control = clients.s3control(region)
  const jobIds =
    options.jobIds.length > 0
      ? options.jobIds
      : (await listSeedJobs(s3control, { accountId: account, region, unfinished: true })).map((job) => job.jobId)
  const output = new Output(io, options.json)
  if (jobIds.length === 0) {
    output.log(`No unfinished s3-seed jobs in ${region}.`)
    output.document({ region, jobs: [] })
    return EXIT.ok
  }
  const single = jobIds.length === 1
  const results = await Promise.all(
    jobIds.map((jobId) =>
      pollJob(s3control, {
        accountId: account,
        jobId,
        region,
        intervalMs: options.pollIntervalSeconds * 1000,
        ...(signal === undefined ? {} : { signal }),
        onProgress: (job) => output.jobProgress(jobId, `[${jobId}] `, job, single),
        maxOutageMs: options.maxPollOutageMinutes * 60_000,
        onRetry: (retry) => output.warn(`[${jobId}] ${eventText({ type: 'poll-retry', retry }) ?? ''}`),
      }),
    ),
  )
  const jobs = results.flatMap((result) => (result.job ? [result.job] : []))
  output.clearBar()
  if (!options.json) for (const line of jobsTable(jobs)) output.log(line)
  output.document({ region, jobs })
  const failed = results.some((result) => result.state !== 'complete' || (result.job?.failed ?? 0) > 0)
  return failed ? EXIT.failed : EXIT.ok
}

/** `s3-seed cancel JOB_ID...` */
export async function cancelCommand(options: JobsCommandOptions, { io }: JobsCommandContext): Promise<number> {
  const { clients, account, region } = await connect(options, io)
  const s3control = clients.s3control(region)
  const output = new Output(io, options.json)
  const results: Array<{ jobId: string; status: string }> = []
  for (const jobId of options.jobIds) {
    const status = await cancelJob(s3control, account, jobId, region)
    results.push({ jobId, status })
    output.log(`Cancelling job ${jobId}: ${status}`)
  }
  output.document({ region, jobs: results })
  return EXIT.ok
}

async function connect(options: JobsCommandOptions, io: CliIo) {
  const clients = clientsFor(options, io.env)
  return { clients, account: await accountId(clients.sts), region: clients.defaultRegion }
}

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
