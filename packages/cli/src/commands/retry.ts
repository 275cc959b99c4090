import { eventText, followUpCommand } from '@s3-seed/core/base'
import { pollJob, retryFailedTasks } from '@s3-seed/core/jobs'
import type { RetryCommandOptions } from '../args/types.js'
import { openSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'

/** `s3-seed retry JOB_ID`: a new job for the failed tasks of JOB_ID, then (unless --detach) wait for it. */
export async function retryCommand(options: RetryCommandOptions, context: CommandContext): Promise<number> {
  const session = openSession(options, context)
  const { clients, output, region } = session
  const account = await session.account()
  const result = await retryFailedTasks({ clients, accountId: account, jobId: options.jobId, region })
  if (result.kind === 'nothing-failed') {
    output.log(`Job ${options.jobId} has no failed tasks in its completion report; nothing to retry.`)
    output.document({ status: 'nothing-failed', jobId: options.jobId })
    return EXIT.ok
  }
  output.log(`Uploading manifest: ${result.manifest} (${result.objectCount} objects)`)
  output.log(`Created s3 batch job: ${result.jobId}`)
  if (options.detach) {
    output.log(`Check on it with: ${followUpCommand({ command: 'status', jobIds: [result.jobId], region })}`)
    output.document({ status: 'created', ...result })
    return EXIT.ok
  }
  const outcome = await pollJob(clients.s3control(region), {
    accountId: account,
    jobId: result.jobId,
    region,
    intervalMs: options.pollIntervalSeconds * 1000,
    signal: context.signal,
    sleep: context.sleep,
    onProgress: (job) => output.jobProgress(result.jobId, '', job, true),
    maxOutageMs: options.maxPollOutageMinutes * 60_000,
    onRetry: (retry) => output.warn(eventText({ type: 'poll-retry', retry }) ?? ''),
  })
  output.clearBar()
  if (outcome.job && output.lastProgressLine(result.jobId) === undefined) output.jobProgress(result.jobId, '', outcome.job, false)
  output.document({ status: outcome.state, ...result, ...(outcome.job ? { job: outcome.job } : {}) })
  return outcome.state === 'complete' && (outcome.job?.failed ?? 0) === 0 ? EXIT.ok : EXIT.failed
}
