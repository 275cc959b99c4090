import type { CheckResult, PairCheck } from '@s3-seed/core'

/** A pair's name in check output: `source -> destination` (and its prefix). */
function pairName(check: PairCheck): string {
  return `${check.source} -> ${check.destination}${check.prefix ? ` (${check.prefix})` : ''}`
}

/** One line per pair: ✓, or ✗ with its first problem. */
export function checkLine(check: PairCheck): string {
  if (check.passed) return `✓ ${pairName(check)}`
  const first = check.problems[0]?.message.split('\n')[0] ?? ''
  return `✗ ${pairName(check)}: ${first}${check.problems.length > 1 ? ` (+${check.problems.length - 1} more)` : ''}`
}

/**
 * After the pair lines: a section per failing pair with every problem and its fix, then what could
 * not be checked (so a ✓ is never read as more than it is), then the count.
 */
export function checkReportLines(result: CheckResult): string[] {
  const lines: string[] = []
  for (const check of result.pairs.filter((pair) => !pair.passed)) {
    lines.push('', `${pairName(check)}:`)
    for (const problem of check.problems) lines.push(`  ✗ [${problem.area}] ${problem.message.replaceAll('\n', '\n    ')}`)
    for (const note of check.notes.filter((item) => item.kind !== 'info')) lines.push(`  ! [${note.area}] ${note.message}`)
  }
  const unchecked = new Set(result.pairs.filter((pair) => pair.passed).flatMap((pair) => pair.notes.filter((note) => note.kind === 'not-checked').map((note) => `[${note.area}] ${note.message}`)))
  if (unchecked.size > 0) lines.push('', 'Not checked:', ...[...unchecked].map((text) => `  ! ${text}`))
  const failed = result.pairs.filter((pair) => !pair.passed).length
  lines.push('', `${result.pairs.length - failed} of ${result.pairs.length} pairs passed${failed > 0 ? `, ${failed} failed` : ''}.`)
  return lines
}
