import { accountId, pairsFromReplication, seedMany, type SeedClients, type SeedOptions } from '@s3-seed/core'
import type { SeedCommandOptions } from '../args/parse-args.js'
import { clientsFor } from '../aws-clients.js'
import { exitCodeForError } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { Output } from '../output/output.js'
import { readPairsFile } from '../pairs-file.js'
import { exitCodeFor, jsonResult, SeedRenderer } from '../output/seed-renderer.js'

export interface SeedCommandContext {
  io: CliIo
  signal?: AbortSignal
}

/** `s3-seed SOURCE DESTINATION`, `--pairs FILE` and `--from-replication`, attached or detached. */
export async function seedCommand(options: SeedCommandOptions, { io, signal }: SeedCommandContext): Promise<number> {
  const clients = clientsFor(options, io.env)
  const output = new Output(io, options.json)
  const pairs: SeedOptions[] = options.fromReplication
    ? await pairsFromRules(options, clients, output)
    : options.pairsFile
      ? await readPairsFile(options.pairsFile, options.defaults)
      : [{ ...options.defaults, source: options.source as string, destination: options.destination as string }]
  if (pairs.length === 0) {
    output.log('No enabled replication rule to seed.')
    output.document({ exitCode: 0, results: [] })
    return 0
  }
  const renderer = new SeedRenderer(io, pairs, options.json, () => signal?.aborted ?? false)
  const outcomes = await seedMany(pairs, {
    clients,
    concurrency: options.concurrency,
    detach: options.detach,
    dryRun: options.dryRun,
    pollIntervalMs: options.pollIntervalSeconds * 1000,
    maxPollOutageMs: options.maxPollOutageMinutes * 60_000,
    retryRounds: options.retryRounds,
    ...(options.restoreArchivedDays === undefined ? {} : { restoreArchivedDays: options.restoreArchivedDays }),
    ...(signal === undefined ? {} : { signal }),
    onEvent: (index, event) => renderer.event(index, event),
  })
  // A single pair's input or AWS error is the run's error: report it like any other.
  const only = outcomes.length === 1 ? outcomes[0] : undefined
  if (only !== undefined && 'error' in only && !options.json && !signal?.aborted) throw only.error
  renderer.finish(outcomes)
  const exitCode = exitCodeFor(outcomes, exitCodeForError)
  renderer.output.document({ exitCode, results: outcomes.map(jsonResult) })
  return exitCode
}

/** --from-replication: one pair per enabled rule; prints what it found for every rule first. */
async function pairsFromRules(options: SeedCommandOptions, clients: SeedClients, output: Output): Promise<SeedOptions[]> {
  const plan = await pairsFromReplication(clients, await accountId(clients.sts), options.fromReplication)
  output.log(`Replication rules found: ${plan.findings.length}`)
  for (const finding of plan.findings) {
    output.log(`  ${finding.source} rule ${finding.ruleId} -> ${finding.destination}: ${finding.action === 'seed' ? 'seed' : 'skip'} (${finding.reason})`)
  }
  // The command line's settings apply to every pair; the rule's copy settings win.
  return plan.pairs.map((pair) => ({ ...options.defaults, ...pair }))
}
