import { headRequestsCostUsd, type Difference, type VerifyProgress, type VerifyResult } from '@s3-seed/core/verify'

/** `verify`'s wording: the charge up front, progress, the summary and the CSV of differences. */

const count = (n: number) => n.toLocaleString('en-US')
/** Dollars as a person reads them: cents, or "less than $0.01". */
export const usd = (amount: number) => (amount === 0 ? '$0' : amount < 0.01 ? 'less than $0.01' : `$${amount.toFixed(2)}`)

/** Printed before --checksum starts: the object count is known only once both buckets are listed. */
export function checksumEstimateLine(): string {
  return (
    `--checksum sends up to 2 HeadObject requests per object both buckets hold at the same size: at most ` +
    `${usd(headRequestsCostUsd(2_000_000))} per million objects (GET-class price of S3 Standard in us-east-1; other storage classes cost more). ` +
    `The count and the charge are printed at the end.`
  )
}

export function progressText(progress: VerifyProgress, checksum: boolean): string {
  const listed = `Listed ${count(progress.sourceObjects)} source and ${count(progress.destinationObjects)} destination objects`
  if (!checksum) return listed
  return `${listed}; content checked for ${count(progress.checked)} (${count(progress.headRequests)} HEAD requests, ${progress.headsInFlight} in flight)`
}

export function summaryLines(source: string, destination: string, result: VerifyResult): string[] {
  const line = (label: string, entry: { count: number; examples: string[] }) =>
    `  ${label.padEnd(16)} ${String(entry.count).padStart(8)}${entry.examples.length ? `   e.g. ${entry.examples.slice(0, 3).map((key) => JSON.stringify(key)).join(', ')}` : ''}`
  const { content } = result
  const lines = [
    `Compared s3://${source} (${result.sourceObjects} objects) with s3://${destination} (${result.destinationObjects} objects):`,
    line('missing', result.missing),
    line('differing', result.differing),
    line('extra', result.extra),
  ]
  if (content) {
    const by = content.comparedBy
    lines.push(
      line('content differs', content.differs),
      line('not comparable', content.notComparable),
      `Content of ${count(content.checked)} same-size objects checked with ${count(content.headRequests)} HeadObject requests (${usd(content.costUsd)}): ` +
        `${count(by.checksum)} by full-object checksum, ${count(by.compositeChecksum)} by identical composite checksums, ${count(by.etag)} by MD5 ETag.`,
    )
    if (content.notComparable.count > 0) {
      lines.push(
        `NOT COMPARABLE: the content of ${count(content.notComparable.count)} objects was not checked: they share no checksum with their copy, and their ETags are not MD5s ` +
          `(multipart or SSE-KMS uploads), or they went away since the listing. --csv gives the reason for each. They do not change the exit code.`,
      )
    }
  }
  const wrong = result.missing.count + result.differing.count + (content?.differs.count ?? 0)
  lines.push(
    result.complete
      ? `Complete: every object of ${source} is in ${destination}${content ? (content.notComparable.count > 0 ? ' (not all compared by content)' : ', with the same content') : ''}.`
      : `Incomplete: ${wrong} objects are missing or differ in ${destination}.`,
  )
  return lines
}

export function csvHeader(checksum: boolean): string {
  return `kind,key,source_size,destination_size,source_etag,destination_etag${checksum ? ',source_checksum,destination_checksum,detail' : ''}\n`
}

/**
 * OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a spreadsheet may
 * run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, and an
 * object key is whatever the bucket's writers chose, e.g. `=HYPERLINK("http://x")`. Such a cell
 * gets a leading `'`, as OWASP advises, so it opens as text. The `'` is a display guard, not part
 * of the key: every cell that starts with `'` had one added (keys that start with `'` get one
 * too, so the rule reads back without doubt); drop that one `'` to get the key.
 */
const FORMULA_START = /^['=+\-@\t\r]/

/** A text cell: guarded (FORMULA_START), then quoted as RFC 4180 requires, or always (keys). */
export function csvCell(text: string, alwaysQuote = false): string {
  const shown = FORMULA_START.test(text) ? `'${text}` : text
  return alwaysQuote || /[",\r\n]/.test(shown) ? `"${shown.replaceAll('"', '""')}"` : shown
}

export function csvLine(difference: Difference, checksum: boolean): string {
  // Keys and details are always quoted, as they always were: scripts reading the CSV may expect it.
  const cells = [
    difference.kind,
    csvCell(difference.key, true),
    difference.source?.size ?? '',
    difference.destination?.size ?? '',
    csvCell(difference.source?.etag ?? ''),
    csvCell(difference.destination?.etag ?? ''),
  ]
  if (checksum) {
    const { content } = difference
    cells.push(csvCell(content?.sourceChecksum ?? ''), csvCell(content?.destinationChecksum ?? ''), content ? csvCell(content.detail, true) : '')
  }
  return `${cells.join(',')}\n`
}
