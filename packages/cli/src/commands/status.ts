import { describeJob, listSeedJobs } from '@s3-seed/core/jobs'
import type { JobsCommandOptions } from '../args/types.js'
import { openJobSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'
import { jobsTable } from '../output/jobs-table.js'

/** `s3-seed status [JOB_ID...]`: the jobs named, or every s3-seed job in the Region. */
export async function statusCommand(options: JobsCommandOptions, context: CommandContext): Promise<number> {
  const { output, s3control, accountId, region } = await openJobSession(options, context)
  const jobs =
    options.jobIds.length > 0
      ? await Promise.all(options.jobIds.map((jobId) => describeJob(s3control, accountId, jobId, region)))
      : await listSeedJobs(s3control, { accountId, region })
  if (jobs.length === 0) output.log(`No s3-seed jobs in ${region}. (Jobs are regional: try --region.)`)
  else for (const line of jobsTable(jobs)) output.log(line)
  output.document({ region, jobs })
  return EXIT.ok
}
