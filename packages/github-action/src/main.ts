import * as core from '@actions/core'
import { accountId, checkPairs, credentialsExpiration, createClients, clientOptionsFromEnv, describeJob, eventText, findingLines, resolvePairs, seedMany, summarizeOutcome, type JobSnapshot, type SeedClients, type SeedOptions } from '@s3-seed/core'
import { readInputs } from './inputs.js'
import { actionOutputs, failureMessage, resultLines, sessionWarning } from './results.js'
import { logText } from './safe-log.js'
import { writeCheckSummary, writeSummary } from './summary.js'

/** The Action: inputs → core → outputs and a job summary. Any error fails the step with its message. */
export async function run(env: NodeJS.ProcessEnv = process.env, interrupt?: AbortSignal): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name))
    // Notes on how s3-seed talks to AWS (the CLI's --verbose) go to the step's debug log.
    const clients = createClients({ ...clientOptionsFromEnv(env, inputs.region === undefined ? {} : { region: inputs.region }), onNote: (message) => core.debug(message) })
    const account = await accountId(clients.sts)
    if (inputs.maskAccountId) core.setSecret(account)
    if (inputs.mode === 'attached' && !inputs.checkOnly) {
      const warning = sessionWarning(await credentialsExpiration(clients.sts), inputs.timeoutMinutes, Date.now())
      if (warning !== undefined) core.warning(warning)
    }
    const { pairs, findings } = await resolvePairs(inputs.pairs, { defaults: inputs.settings, clients, accountId: account, surface: 'action' })
    if (findings) for (const line of findingLines(findings)) logText(line)
    if (inputs.checkOnly) return await checkOnly(pairs, clients, inputs.concurrency)
    const created: string[] = []
    const label = (index: number) => (pairs.length === 1 ? '' : `[${pairs[index]?.source} -> ${pairs[index]?.destination}] `)
    const outcomes = await seedMany(pairs, {
      pairsFlag: 'pairs',
      clients,
      accountId: account,
      concurrency: inputs.concurrency,
      detach: inputs.mode === 'detached',
      dryRun: inputs.dryRun,
      check: inputs.check,
      pollIntervalMs: inputs.pollIntervalSeconds * 1000,
      restoreArchivedDays: inputs.restoreArchivedDays,
      maxPollOutageMs: inputs.maxPollOutageMinutes * 60_000,
      retryRounds: inputs.retryRounds,
      settleTimeoutMs: inputs.settleTimeoutMinutes * 60_000,
      // A cancelled workflow (the runner sends SIGINT, then SIGTERM) stops following like a timeout does.
      signal: AbortSignal.any([...(inputs.mode === 'attached' ? [AbortSignal.timeout(inputs.timeoutMinutes * 60_000)] : []), ...(interrupt ? [interrupt] : [])]),
      onEvent: (index, event) => {
        // Outputs as soon as a job exists: whatever happens later (expired credentials, a timeout), the
        // workflow can follow and cancel every job created.
        if (event.type === 'job-created' || event.type === 'retry-round') {
          created.push(event.jobId)
          core.setOutput('job-id', created[0])
          core.setOutput('job-ids', JSON.stringify(created))
        }
        const text = eventText(event)
        if (text === undefined) return
        if (event.type === 'warning') core.warning(`${label(index)}${event.message}`)
        else logText(`${label(index)}${text}`)
      },
    })
    // Detached outputs carry each job's state right after creation.
    const createdJobs = new Map<string, JobSnapshot>()
    for (const outcome of outcomes) {
      if ('result' in outcome && outcome.result.kind === 'created') {
        const { jobId, region } = outcome.result
        // A job that cannot be described now (expired credentials, an outage) is still reported, as New.
        try {
          createdJobs.set(jobId, await describeJob(clients.s3control(region), account, jobId, region))
        } catch (error) {
          core.warning(`Job ${jobId} (${region}) was created, but describing it failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
    }
    const summary = summarizeOutcome(outcomes, { interrupted: interrupt?.aborted ?? false, createdJobs })
    for (const pair of summary.pairs) {
      core.startGroup(`${pair.source} -> ${pair.destination}: ${pair.state}`)
      for (const line of resultLines(pair)) logText(line)
      core.endGroup()
    }
    for (const [name, value] of Object.entries(actionOutputs(summary))) core.setOutput(name, value)
    await writeSummary(core.summary, summary.pairs, inputs.dryRun ? 'dry run' : inputs.mode)
    const failure = failureMessage(summary, inputs.failOnTaskFailures, inputs.timeoutMinutes)
    if (failure !== undefined) core.setFailed(failure)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

/** `check-only: true`: every pair checked, nothing created; the table in the job summary, the result in the `check` output. */
async function checkOnly(pairs: SeedOptions[], clients: SeedClients, concurrency: number): Promise<void> {
  const result = await checkPairs(pairs, { clients, concurrency, pairsFlag: 'pairs' })
  for (const pair of result.pairs) {
    const name = `${pair.source} -> ${pair.destination}`
    if (pair.passed) logText(`✓ ${name}`)
    for (const problem of pair.problems) core.error(`${name}: ${problem.message}`)
  }
  core.setOutput('check', JSON.stringify(result))
  await writeCheckSummary(core.summary, result)
  const failed = result.pairs.filter((pair) => !pair.passed).length
  if (failed > 0) core.setFailed(`${failed} of ${result.pairs.length} pairs failed the check; the job summary lists each problem with its fix.`)
}
