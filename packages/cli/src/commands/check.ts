import { checkPairs, findingLines, resolvePairs } from '@s3-seed/core'
import type { CheckCommandOptions } from '../args/types.js'
import { openSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'
import { checkLine, checkReportLines } from '../output/check-lines.js'

/**
 * `s3-seed check`: every pair's buckets, settings and permissions, read and changed nothing. Exit 0
 * when every pair passes, 1 when any fails (2 for bad usage, through main).
 */
export async function checkCommand(options: CheckCommandOptions, context: CommandContext): Promise<number> {
  const { clients, output } = openSession(options, context)
  const { pairs, findings } = await resolvePairs(options.pairs, { defaults: options.defaults, clients, surface: 'cli' })
  if (findings) for (const line of findingLines(findings)) output.log(line)
  const result = await checkPairs(pairs, { clients, concurrency: options.concurrency, onChecked: (check) => output.log(checkLine(check)) })
  for (const line of checkReportLines(result)) output.log(line)
  output.document(result)
  return result.passed ? EXIT.ok : EXIT.failed
}

