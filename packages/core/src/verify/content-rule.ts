/**
 * Which comparison tells whether two objects of the same size hold the same bytes, from what
 * HeadObject (with checksum mode) says about each. Pure: content-rule.test.ts covers every case.
 *
 * 1. Both have a full-object checksum of the same algorithm: compare the values. S3 adds a
 *    CRC64NVME to every upload that carries none (since late 2024), a single-request upload's
 *    checksum is full-object whatever its algorithm, and a copy keeps its source's (UG
 *    checking-object-integrity-upload; API CopyObject).
 * 2. Both have a composite checksum of the same algorithm and the same value: the same parts, so the
 *    same bytes. Different composite values prove nothing: they also differ when only the part
 *    sizes do.
 * 3. Both ETags are plain MD5s of the data: neither is multipart (`-N`), SSE-KMS or SSE-C (API
 *    Object, ETag). Compare them.
 * 4. Otherwise the content cannot be compared without reading it: not comparable, with the reason.
 */

/** The checksum S3 keeps with an object (one algorithm per object). */
export interface StoredChecksum {
  /** CRC64NVME, CRC32, CRC32C, SHA1, SHA256, ... */
  algorithm: string
  type: 'FULL_OBJECT' | 'COMPOSITE'
  /** As S3 answers it (base64); a composite one ends in `-<parts>`. */
  value: string
}

/** What HeadObject says about an object's content. */
export interface ObjectHead {
  size: number
  /** Without quotes. */
  etag: string | undefined
  /** `x-amz-server-side-encryption`: AES256, aws:kms, aws:kms:dsse, or none. */
  encryption: string | undefined
  /** Encrypted with a key the caller provides (SSE-C). */
  customerKey: boolean
  checksum: StoredChecksum | undefined
}

/** One side's HEAD: the object, or why there is none to look at. */
export type HeadResult =
  | { found: true; head: ObjectHead }
  /** `gone`: deleted since the listing (404). `customer-key`: HeadObject refused it (400), as it does an SSE-C object without its key. */
  | { found: false; reason: 'gone' | 'customer-key' }

export type ContentComparison =
  /** The sizes differ now: the object changed since the listing. */
  | { method: 'size'; same: false }
  | { method: 'checksum'; algorithm: string; same: boolean }
  | { method: 'composite-checksum'; algorithm: string; same: true }
  | { method: 'etag'; same: boolean }
  | { method: 'none'; reason: string }

/** Decides from the source's HEAD alone when no destination HEAD could make the content comparable (it is then not sent). */
export function sourceRulesOut(source: HeadResult): ContentComparison | undefined {
  return source.found ? withoutMeans(source.head) : missing('source', source.reason)
}

export function compareContent(source: HeadResult, destination: HeadResult): ContentComparison {
  if (!source.found) return missing('source', source.reason)
  if (!destination.found) return missing('destination', destination.reason)
  const [a, b] = [source.head, destination.head]
  if (a.size !== b.size) return { method: 'size', same: false }
  const early = withoutMeans(a)
  if (early !== undefined) return early
  const [sum, other] = [a.checksum, b.checksum]
  const sameKind = sum !== undefined && other !== undefined && sum.algorithm === other.algorithm && sum.type === other.type
  if (sameKind && sum.type === 'FULL_OBJECT') return { method: 'checksum', algorithm: sum.algorithm, same: sum.value === other.value }
  if (sameKind && sum.value === other.value) return { method: 'composite-checksum', algorithm: sum.algorithm, same: true }
  const problems = [etagProblem(a), etagProblem(b)]
  if (problems[0] === undefined && problems[1] === undefined) return { method: 'etag', same: a.etag === b.etag }
  const why = problems.flatMap((problem, index) => (problem === undefined ? [] : [`the ${index === 0 ? 'source' : 'destination'}'s is ${problem}`]))
  return { method: 'none', reason: `no checksum of the same kind (${checksumText(sum)} and ${checksumText(other)}), and an ETag that is not an MD5 (${why.join(', ')})` }
}

/** What a check found: the same content, different content, or no way to tell. */
export function verdictOf(comparison: ContentComparison): 'same' | 'content-differs' | 'not-comparable' {
  if (comparison.method === 'none') return 'not-comparable'
  return comparison.same ? 'same' : 'content-differs'
}

/** One line on how the content was compared, or why it could not be. */
function comparisonText(comparison: ContentComparison): string {
  switch (comparison.method) {
    case 'size':
      return 'sizes differ on HEAD: changed since the listing'
    case 'checksum':
      return `${comparison.algorithm} checksums ${comparison.same ? 'match' : 'differ'}`
    case 'composite-checksum':
      return `${comparison.algorithm} composite checksums match`
    case 'etag':
      return `MD5 ETags ${comparison.same ? 'match' : 'differ'}`
    case 'none':
      return `not comparable: ${comparison.reason}`
  }
}

/** What the HEADs of one key found (`destination` is not asked when the source alone rules a comparison out). */
export interface ContentVerdict {
  comparison: ContentComparison
  source: HeadResult
  destination?: HeadResult
}

/** A content check's result as verify reports it: plain text, ready for a CSV or JSON. */
export interface ContentFinding {
  comparison: ContentComparison
  /** How the content was compared, or why it could not be. */
  detail: string
  /** `ALGORITHM:value` as HeadObject answered it (a composite value ends in `-<parts>`); '' for none. */
  sourceChecksum: string
  destinationChecksum: string
}

export function findingOf(verdict: ContentVerdict): ContentFinding {
  const label = (result: HeadResult | undefined) => {
    const checksum = result?.found ? result.head.checksum : undefined
    return checksum === undefined ? '' : `${checksum.algorithm}:${checksum.value}`
  }
  return { comparison: verdict.comparison, detail: comparisonText(verdict.comparison), sourceChecksum: label(verdict.source), destinationChecksum: label(verdict.destination) }
}

const MD5 = /^[0-9a-f]{32}$/

/** Why an ETag is not the MD5 of the object's data, if it is not. */
function etagProblem(head: ObjectHead): string | undefined {
  if (head.customerKey) return 'SSE-C'
  if (head.encryption === 'aws:kms' || head.encryption === 'aws:kms:dsse') return 'SSE-KMS'
  if (head.etag?.includes('-')) return 'multipart'
  return head.etag !== undefined && MD5.test(head.etag) ? undefined : 'not an MD5'
}

/** Neither a checksum nor an MD5 ETag: nothing the other side has can be compared with it. */
function withoutMeans(head: ObjectHead): ContentComparison | undefined {
  const problem = etagProblem(head)
  return head.checksum === undefined && problem !== undefined ? { method: 'none', reason: `the source has no checksum and its ETag is not an MD5 (${problem})` } : undefined
}

function missing(side: 'source' | 'destination', reason: 'gone' | 'customer-key'): ContentComparison {
  const text = reason === 'gone' ? `deleted from the ${side} since the listing` : `HeadObject refused the ${side} object (400), as it does SSE-C objects without their key`
  return { method: 'none', reason: text }
}

function checksumText(checksum: StoredChecksum | undefined): string {
  return checksum === undefined ? 'none' : `${checksum.algorithm} ${checksum.type === 'FULL_OBJECT' ? 'full-object' : 'composite'}`
}
