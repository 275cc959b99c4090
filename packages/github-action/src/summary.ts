import type * as core from '@actions/core'
import { convergenceLines, type CheckResult, type PairSummary } from '@s3-seed/core'
import { followOrCancel } from './results.js'

type Summary = typeof core.summary

/** A job summary: one row per pair, then the failure summary of any job with failed tasks. */
export async function writeSummary(summary: Summary, results: readonly PairSummary[], mode: string): Promise<void> {
  summary.addHeading(`s3-seed (${mode})`, 2)
  summary.addTable([
    [
      { data: 'Source', header: true },
      { data: 'Destination', header: true },
      { data: 'Job ID', header: true },
      { data: 'State', header: true },
      { data: 'Total', header: true },
      { data: 'Succeeded', header: true },
      { data: 'Failed', header: true },
    ],
    ...results.map((result) => [escape(result.source), escape(result.destination), result.jobId ?? '-', result.state, String(result.total), String(result.succeeded), String(result.failed)]),
  ])
  for (const result of results) {
    if (result.error) summary.addRaw(`<p><b>${escape(result.source)} → ${escape(result.destination)}</b>: ${escape(result.error.message)}</p>`, true)
    if (result.exit === 'stopped') {
      summary.addRaw(`<p><b>${escape(result.source)} → ${escape(result.destination)}</b>: stopped waiting; ${escape(followOrCancel(result))}</p>`, true)
    }
    if (result.convergence) {
      summary.addHeading(`Written during the seeding: ${escape(result.source)} → ${escape(result.destination)}`, 3)
      summary.addList(convergenceLines(result.convergence).map((line) => `<code>${escape(line.trim())}</code>`))
    }
    if (!result.report || result.report.failed === 0) continue
    summary.addHeading(`Failed tasks: ${escape(result.source)} → ${escape(result.destination)}`, 3)
    summary.addList(
      result.report.failures.map(
        (group) => `${escape(group.errorCode)}${group.httpStatus ? ` (HTTP ${group.httpStatus})` : ''}: ${group.count} - e.g. ${group.examples.map((key) => `<code>${escape(key)}</code>`).join(', ')}`,
      ),
    )
    summary.addRaw(`<p>Completion report: <code>${escape(result.report.location)}</code></p>`, true)
  }
  await summary.write()
}

/** check-only's summary: one row per pair (✓, or ✗ with its first problem), then every problem with its fix. */
export async function writeCheckSummary(summary: Summary, result: CheckResult): Promise<void> {
  const failed = result.pairs.filter((pair) => !pair.passed)
  summary.addHeading(`s3-seed check: ${result.pairs.length - failed.length} of ${result.pairs.length} pairs passed`, 2)
  summary.addTable([
    [
      { data: 'Source', header: true },
      { data: 'Destination', header: true },
      { data: 'Check', header: true },
      { data: 'First problem', header: true },
    ],
    ...result.pairs.map((pair) => [escape(pair.source), escape(pair.destination), pair.passed ? '✓' : '✗', escape(pair.problems[0]?.message.split('\n')[0] ?? '')]),
  ])
  for (const pair of failed) {
    summary.addHeading(`${escape(pair.source)} → ${escape(pair.destination)}`, 3)
    summary.addList(pair.problems.map((problem) => `[${problem.area}] <pre>${escape(problem.message)}</pre>`))
  }
  await summary.write()
}

/**
 * Text from elsewhere (keys, messages) as HTML text. Line breaks become character references too: a
 * raw blank line would end the HTML block, and GitHub would render what follows as Markdown (links,
 * images) (GFM spec, HTML blocks, condition 6 ends at a blank line).
 */
function escape(text: string): string {
  return text.replace(/[&<>"\r\n]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;' })[char] as string)
}
