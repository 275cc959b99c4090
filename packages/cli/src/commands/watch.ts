import { eventText } from '@s3-seed/core/base'
import { listSeedJobs, pollJob } from '@s3-seed/core/jobs'
import type { JobsCommandOptions } from '../args/types.js'
import { openJobSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'
import { jobsTable } from '../output/jobs-table.js'

/** `s3-seed watch [JOB_ID...]`: wait until the jobs end, printing progress; exit 1 if any failed. */
export async function watchCommand(options: JobsCommandOptions, context: CommandContext): Promise<number> {
  const { output, s3control, accountId, region } = await openJobSession(options, context)
  const jobIds =
    options.jobIds.length > 0
      ? options.jobIds
      : (await listSeedJobs(s3control, { accountId, region, unfinished: true })).map((job) => job.jobId)
  if (jobIds.length === 0) {
    output.log(`No unfinished s3-seed jobs in ${region}.`)
    output.document({ region, jobs: [] })
    return EXIT.ok
  }
  const single = jobIds.length === 1
  const results = await Promise.all(
    jobIds.map((jobId) =>
      pollJob(s3control, {
        accountId,
        jobId,
        region,
        intervalMs: options.pollIntervalSeconds * 1000,
        signal: context.signal,
        sleep: context.sleep,
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
