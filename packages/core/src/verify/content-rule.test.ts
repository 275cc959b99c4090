import { describe, expect, it } from 'vitest'
import { compareContent, findingOf, sourceRulesOut, verdictOf, type HeadResult, type ObjectHead, type StoredChecksum } from './content-rule.js'

const MD5_A = '0cc175b9c0f1b6a831c399e269772661'
const MD5_B = '92eb5ffee6ae2fec3ad71c777531578f'
const full = (algorithm: string, value: string): StoredChecksum => ({ algorithm, type: 'FULL_OBJECT', value })
const composite = (algorithm: string, value: string): StoredChecksum => ({ algorithm, type: 'COMPOSITE', value })
const found = (head: Partial<ObjectHead>): HeadResult => ({ found: true, head: { size: 10, etag: MD5_A, encryption: 'AES256', customerKey: false, checksum: undefined, ...head } })
const CRC = full('CRC64NVME', 'AAAAAAAAAAA=')
const OTHER_CRC = full('CRC64NVME', 'BBBBBBBBBBB=')
const KMS_MULTIPART = { etag: `${MD5_A}-3`, encryption: 'aws:kms' }

describe('compareContent', () => {
  it.each<[string, HeadResult, HeadResult, ReturnType<typeof compareContent>]>([
    ['equal full-object CRC64NVME', found({ checksum: CRC }), found({ checksum: CRC, etag: MD5_B }), { method: 'checksum', algorithm: 'CRC64NVME', same: true }],
    ['different full-object CRC64NVME, though the ETags match', found({ checksum: CRC }), found({ checksum: OTHER_CRC }), { method: 'checksum', algorithm: 'CRC64NVME', same: false }],
    ['full-object CRC32 of SSE-KMS multipart objects', found({ checksum: full('CRC32', 'x'), ...KMS_MULTIPART }), found({ checksum: full('CRC32', 'y'), ...KMS_MULTIPART }), { method: 'checksum', algorithm: 'CRC32', same: false }],
    ['a single-part SHA256 (full object) on both sides', found({ checksum: full('SHA256', 's') }), found({ checksum: full('SHA256', 's') }), { method: 'checksum', algorithm: 'SHA256', same: true }],
    ['identical composite checksums', found({ checksum: composite('CRC32', 'c-3'), ...KMS_MULTIPART }), found({ checksum: composite('CRC32', 'c-3'), ...KMS_MULTIPART }), { method: 'composite-checksum', algorithm: 'CRC32', same: true }],
    ['different algorithms: plain MD5 ETags decide', found({ checksum: full('CRC32', 'x') }), found({ checksum: CRC, etag: MD5_B }), { method: 'etag', same: false }],
    ['no checksums: plain MD5 ETags decide', found({}), found({}), { method: 'etag', same: true }],
    ['different composite checksums: plain MD5 ETags decide', found({ checksum: composite('CRC32', 'c-2') }), found({ checksum: composite('CRC32', 'd-2') }), { method: 'etag', same: true }],
    ['SSE-S3 ETags with no checksum on the destination', found({ checksum: CRC }), found({ encryption: undefined }), { method: 'etag', same: true }],
    ['sizes that differ by now (changed since the listing)', found({ checksum: CRC }), found({ checksum: CRC, size: 11 }), { method: 'size', same: false }],
  ])('%s', (_, source, destination, expected) => {
    expect(compareContent(source, destination)).toEqual(expected)
  })

  it.each<[string, HeadResult, HeadResult, RegExp]>([
    ['composite against full-object, the source multipart', found({ checksum: composite('CRC32', 'c-2'), etag: `${MD5_A}-2` }), found({ checksum: full('CRC32', 'x') }), /CRC32 composite and CRC32 full-object.*source's is multipart/],
    ['different algorithms, the destination SSE-KMS', found({ checksum: full('CRC32', 'x') }), found({ checksum: CRC, encryption: 'aws:kms' }), /destination's is SSE-KMS/],
    ['different algorithms, the destination DSSE-KMS', found({ checksum: full('CRC32', 'x') }), found({ checksum: CRC, encryption: 'aws:kms:dsse' }), /destination's is SSE-KMS/],
    ['no checksum on the destination, an SSE-C ETag', found({ checksum: CRC }), found({ customerKey: true }), /CRC64NVME full-object and none.*destination's is SSE-C/],
    ['no checksum and a KMS multipart source', found(KMS_MULTIPART), found({ checksum: CRC }), /source has no checksum and its ETag is not an MD5 \(SSE-KMS\)/],
    ['a destination deleted since the listing', found({ checksum: CRC }), { found: false, reason: 'gone' }, /deleted from the destination since the listing/],
    ['an SSE-C destination HeadObject refused', found({ checksum: CRC }), { found: false, reason: 'customer-key' }, /refused the destination object \(400\)/],
  ])('not comparable: %s', (_, source, destination, reason) => {
    const comparison = compareContent(source, destination)
    expect(comparison).toEqual({ method: 'none', reason: expect.stringMatching(reason) })
    expect(verdictOf(comparison)).toBe('not-comparable')
  })
})

describe('sourceRulesOut (the destination HEAD is then not sent)', () => {
  it.each<[string, HeadResult, boolean]>([
    ['a source gone since the listing', { found: false, reason: 'gone' }, true],
    ['an SSE-C source HeadObject refused', { found: false, reason: 'customer-key' }, true],
    ['a multipart source with no checksum', found({ etag: `${MD5_A}-4` }), true],
    ['an SSE-KMS source with no checksum', found({ encryption: 'aws:kms' }), true],
    ['a multipart source with a composite checksum (the copy may have the same)', found({ etag: `${MD5_A}-4`, checksum: composite('CRC32', 'c-4') }), false],
    ['a plain MD5 source with no checksum', found({}), false],
  ])('%s: %s', (_, source, ruledOut) => {
    expect(sourceRulesOut(source) !== undefined).toBe(ruledOut)
  })
})

describe('verdictOf and findingOf', () => {
  it('names what differs and shows both checksums', () => {
    const verdict = { comparison: compareContent(found({ checksum: CRC }), found({ checksum: OTHER_CRC })), source: found({ checksum: CRC }), destination: found({ checksum: OTHER_CRC }) }
    expect(verdictOf(verdict.comparison)).toBe('content-differs')
    expect(findingOf(verdict)).toEqual({ comparison: verdict.comparison, detail: 'CRC64NVME checksums differ', sourceChecksum: 'CRC64NVME:AAAAAAAAAAA=', destinationChecksum: 'CRC64NVME:BBBBBBBBBBB=' })
    expect(findingOf({ comparison: { method: 'etag', same: false }, source: found({}) })).toMatchObject({ detail: 'MD5 ETags differ', sourceChecksum: '', destinationChecksum: '' })
    expect(verdictOf({ method: 'composite-checksum', algorithm: 'CRC32', same: true })).toBe('same')
  })
})
