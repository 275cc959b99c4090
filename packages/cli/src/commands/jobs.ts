import { accountId, cancelJob, describeJob, listSeedJobs, pollJob, stateLine, UNFINISHED_STATES, type JobSnapshot } from '@s3-seed/core'
import type { JobsCommandOptions } from '../args.js'
import { clientsFor } from '../aws-clients.js'
import { EXIT } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { formatTable } from '../table.js'

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
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ region, jobs }, null, 2)}\n`)
  } else if (jobs.length === 0) {
    io.stdout.write(`No s3-seed jobs in ${region}. (Jobs are regional: try --region.)\n`)
  } else {
    for (const line of jobsTable(jobs)) io.stdout.write(`${line}\n`)
  }
  return EXIT.ok
}

/** `s3-seed watch [JOB_ID...]`: wait until the jobs end, printing progress; exit 1 if any failed. */
export async function watchCommand(options: JobsCommandOptions, { io, signal }: JobsCommandContext): Promise<number> {
  const { clients, account, region } = await connect(options, io)
  const s3control = clients.s3control(region)
  const jobIds =
    options.jobIds.length > 0
      ? options.jobIds
      : (await listSeedJobs(s3control, { accountId: account, region, statuses: [...UNFINISHED_STATES] })).map((job) => job.jobId)
  const log = options.json ? io.stderr : io.stdout
  if (jobIds.length === 0) {
    log.write(`No unfinished s3-seed jobs in ${region}.\n`)
    if (options.json) io.stdout.write(`${JSON.stringify({ region, jobs: [] })}\n`)
    return EXIT.ok
  }
  const last = new Map<string, string>()
  const results = await Promise.all(
    jobIds.map((jobId) =>
      pollJob(s3control, {
        accountId: account,
        jobId,
        region,
        intervalMs: options.pollIntervalSeconds * 1000,
        ...(signal === undefined ? {} : { signal }),
        onProgress: (job) => {
          const line = stateLine(job)
          if (last.get(jobId) !== line) log.write(`[${jobId}] ${line}\n`)
          last.set(jobId, line)
        },
      }),
    ),
  )
  const jobs = results.flatMap((result) => (result.job ? [result.job] : []))
  if (options.json) io.stdout.write(`${JSON.stringify({ region, jobs }, null, 2)}\n`)
  else for (const line of jobsTable(jobs)) io.stdout.write(`${line}\n`)
  const failed = results.some((result) => result.state !== 'complete' || (result.job?.failed ?? 0) > 0)
  return failed ? EXIT.failed : EXIT.ok
}

/** `s3-seed cancel JOB_ID...` */
export async function cancelCommand(options: JobsCommandOptions, { io }: JobsCommandContext): Promise<number> {
  const { clients, account, region } = await connect(options, io)
  const s3control = clients.s3control(region)
  const results: Array<{ jobId: string; status: string }> = []
  for (const jobId of options.jobIds) {
    const status = await cancelJob(s3control, account, jobId)
    results.push({ jobId, status })
    if (!options.json) io.stdout.write(`Cancelling job ${jobId}: ${status}\n`)
  }
  if (options.json) io.stdout.write(`${JSON.stringify({ region, jobs: results }, null, 2)}\n`)
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
