import { accountId, pollJob, retryFailedTasks, stateLine } from '@s3-seed/core'
import type { RetryCommandOptions } from '../args.js'
import { clientsFor } from '../aws-clients.js'
import { EXIT } from '../exit-codes.js'
import type { CliIo } from '../io.js'

/** `s3-seed retry JOB_ID`: a new job for the failed tasks of JOB_ID, then (unless --detach) wait for it. */
export async function retryCommand(options: RetryCommandOptions, { io, signal }: { io: CliIo; signal?: AbortSignal }): Promise<number> {
  const clients = clientsFor(options, io.env)
  const account = await accountId(clients.sts)
  const region = clients.defaultRegion
  const log = options.json ? io.stderr : io.stdout
  const result = await retryFailedTasks({ clients, accountId: account, jobId: options.jobId, region })
  if (result.kind === 'nothing-failed') {
    log.write(`Job ${options.jobId} has no failed tasks in its completion report; nothing to retry.\n`)
    if (options.json) io.stdout.write(`${JSON.stringify({ status: 'nothing-failed', jobId: options.jobId })}\n`)
    return EXIT.ok
  }
  log.write(`Uploading manifest: ${result.manifest} (${result.objectCount} objects)\nCreated s3 batch job: ${result.jobId}\n`)
  if (options.detach) {
    if (options.json) io.stdout.write(`${JSON.stringify({ status: 'created', ...result })}\n`)
    else log.write(`Check on it with: s3-seed status ${result.jobId} --region ${region}\n`)
    return EXIT.ok
  }
  let last = ''
  const outcome = await pollJob(clients.s3control(region), {
    accountId: account,
    jobId: result.jobId,
    region,
    intervalMs: options.pollIntervalSeconds * 1000,
    ...(signal === undefined ? {} : { signal }),
    onProgress: (job) => {
      const line = stateLine(job)
      if (line !== last) log.write(`${line}\n`)
      last = line
    },
  })
  if (options.json) io.stdout.write(`${JSON.stringify({ status: outcome.state, ...result, ...(outcome.job ? { job: outcome.job } : {}) })}\n`)
  return outcome.state === 'complete' && (outcome.job?.failed ?? 0) === 0 ? EXIT.ok : EXIT.failed
}
