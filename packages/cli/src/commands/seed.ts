import { findingLines, resolvePairs, seedMany, summarizeOutcome, type PairOutcome } from '@s3-seed/core'
import type { SeedCommandOptions } from '../args/types.js'
import { openSession, type CommandContext } from '../command-context.js'
import { exitCodeOf } from '../exit-codes.js'
import { jsonResult, SeedRenderer } from '../output/seed-renderer.js'

/** `s3-seed SOURCE DESTINATION`, `--pairs FILE` and `--from-replication`, attached or detached. */
export async function seedCommand(options: SeedCommandOptions, context: CommandContext): Promise<number> {
  const { signal } = context
  const { clients, output } = openSession(options, context)
  const { pairs, findings } = await resolvePairs(options.pairs, { defaults: options.defaults, clients, surface: 'cli' })
  if (findings) for (const line of findingLines(findings)) output.log(line)
  if (pairs.length === 0) {
    output.log('No enabled replication rule to seed.')
    output.document({ exitCode: 0, results: [] })
    return 0
  }
  const renderer = new SeedRenderer(output, pairs, () => signal?.aborted ?? false)
  const outcomes = await seedMany(pairs, {
    pairsFlag: '--pairs',
    clients,
    concurrency: options.concurrency,
    detach: options.detach,
    dryRun: options.dryRun,
    check: options.check,
    pollIntervalMs: options.pollIntervalSeconds * 1000,
    maxPollOutageMs: options.maxPollOutageMinutes * 60_000,
    retryRounds: options.retryRounds,
    settleTimeoutMs: options.settleTimeoutMinutes * 60_000,
    restoreArchivedDays: options.restoreArchivedDays,
    signal,
    sleep: context.sleep,
    onEvent: (index, event) => renderer.event(index, event),
  })
  // A single pair's input or AWS error is the run's error: report it like any other.
  const only = outcomes.length === 1 ? outcomes[0] : undefined
  // Unless jobs were created before it: those run on, and are printed with their commands.
  if (only !== undefined && 'error' in only && only.jobs === undefined && !options.json && !signal?.aborted) throw only.error
  const summary = summarizeOutcome(outcomes, { interrupted: signal?.aborted ?? false })
  renderer.finish(outcomes, summary)
  const exitCode = exitCodeOf(summary.exit)
  renderer.output.document({ exitCode, results: summary.pairs.map((pair, index) => jsonResult(outcomes[index] as PairOutcome, pair)) })
  return exitCode
}
