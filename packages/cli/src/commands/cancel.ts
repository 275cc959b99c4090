import { cancelJob } from '@s3-seed/core/jobs'
import type { JobsCommandOptions } from '../args/types.js'
import { openJobSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'

/** `s3-seed cancel JOB_ID...` */
export async function cancelCommand(options: JobsCommandOptions, context: CommandContext): Promise<number> {
  const { output, s3control, accountId, region } = await openJobSession(options, context)
  const results: Array<{ jobId: string; status: string }> = []
  for (const jobId of options.jobIds) {
    const status = await cancelJob(s3control, accountId, jobId, region)
    results.push({ jobId, status })
    output.log(`Cancelling job ${jobId}: ${status}`)
  }
  output.document({ region, jobs: results })
  return EXIT.ok
}
