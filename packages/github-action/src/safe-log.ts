import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'

/**
 * Writes a log line that may hold text from elsewhere (object keys, bucket names, AWS messages) so
 * the runner never reads it as a workflow command. The runner takes `::name::` at the start of any
 * line of the log as a command (workflow-commands-for-github-actions), and core.info writes text
 * raw, so a key holding a line break then `::error::` or `::add-mask::` would run. Such text is
 * written between `::stop-commands::TOKEN` and `::TOKEN::`, with a fresh unguessable token, which
 * the runner documents for echoing untrusted text. Annotations (core.warning, core.error) and group
 * titles escape their data themselves.
 */
export function logText(text: string): void {
  if (!/[\r\n]/.test(text) && !text.trimStart().startsWith('::')) return core.info(text)
  const token = randomUUID()
  core.info(`::stop-commands::${token}`)
  core.info(text)
  core.info(`::${token}::`)
}
