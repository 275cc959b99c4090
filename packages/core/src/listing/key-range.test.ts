import { describe, expect, it } from 'vitest'
import { compareKeys, midpointKey, rangePrefix } from './key-range.js'
import { parseListPage } from './page-parser.js'

/** A small deterministic PRNG, so failures reproduce. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
}

const ALPHABET = ['a', 'b', 'z', '0', '9', '/', ' ', '+', '%', '~', 'ü', '日', '\uffff', '😀', '\u{10fffe}']

describe('compareKeys', () => {
  it('orders by UTF-8 bytes (code points), not UTF-16 units', () => {
    // U+FFFF sorts before U+1F600 in UTF-8, although '\uffff' > '\ud83d' in JavaScript.
    expect('\uffff' > '😀').toBe(true)
    expect(compareKeys('\uffff', '😀')).toBeLessThan(0)
    expect(compareKeys('a', 'ab')).toBeLessThan(0)
    expect(compareKeys('b', 'ab')).toBeGreaterThan(0)
  })
})

describe('midpointKey', () => {
  it.each<[string, string | undefined, number | undefined, string]>([
    ['a', 'c', undefined, 'b'],
    ['a', 'b', 0x7b, 'a='],
    ['abc', undefined, 0x7b, 'n'],
    ['logs/2024', 'logs/2025', undefined, 'logs/2024\u{87FFF}'],
  ])('between %j and %j (ceiling %s) is %j', (low, high, ceiling, expected) => {
    expect(midpointKey(low, high, ceiling)).toBe(expected)
  })

  it('returns a key strictly between, or nothing, for random pairs', () => {
    const next = random(42)
    const key = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('')
    let found = 0
    for (let trial = 0; trial < 5000; trial++) {
      let [low, high] = [key(), key()]
      if (compareKeys(low, high) === 0) continue
      if (compareKeys(low, high) > 0) [low, high] = [high, low]
      const open = next() < 0.2
      const middle = midpointKey(low, open ? undefined : high, 0x80)
      if (middle === undefined) continue
      found++
      expect(compareKeys(middle, low), `${low} < ${middle}`).toBeGreaterThan(0)
      if (!open) expect(compareKeys(middle, high), `${middle} < ${high}`).toBeLessThan(0)
      expect(Buffer.from(middle, 'utf8').toString('utf8')).toBe(middle) // valid UTF-8, no lone surrogates
      expect(middle).not.toContain('\0')
    }
    expect(found).toBeGreaterThan(4000)
  })
})

describe('rangePrefix', () => {
  it.each([
    ['', 'logs/2026/03/14/05/part-00042', 'logs/2026/03/14/09/part-00071', 'logs/2026/03/14/0'],
    ['', 'logs/2026/13', 'logs/2026/14/01', 'logs/2026/1'],
    ['', 'a/b', 'a/b/c', 'a/b'],
    ['', 'abc', 'xyz', ''],
    ['', undefined, 'abc', ''],
    ['', 'abc', undefined, ''],
    ['logs/', 'logs/a1', 'logs/a2', 'logs/a'],
    // The listing's prefix is longer than what the ends share: it stays.
    ['logs/a1', 'logs/a1/x', 'logs/b', 'logs/a1'],
    // Never half a surrogate pair: U+1F600 and U+1F601 share their first UTF-16 unit.
    ['', 'k\u{1F600}', 'k\u{1F601}', 'k'],
    ['', 'k\u{1F600}a', 'k\u{1F600}b', 'k\u{1F600}'],
    // At most 256 units, and not half a character there either.
    ['', `${'p'.repeat(300)}/1`, `${'p'.repeat(300)}/2`, 'p'.repeat(256)],
    ['', `${'p'.repeat(255)}\u{1F600}/1`, `${'p'.repeat(255)}\u{1F600}/2`, 'p'.repeat(255)],
    // A listing prefix longer than that is kept as it is.
    ['q'.repeat(400), `${'q'.repeat(400)}/1`, `${'q'.repeat(400)}/12`, 'q'.repeat(400)],
  ])('under %j, (%j, %j] is within %j', (prefix, startAfter, end, expected) => {
    expect(rangePrefix(prefix, startAfter, end)).toBe(expected)
  })

  it('holds every key of the range, in S3\'s order, and none is left out', () => {
    const keys = ['a', 'a/', 'a/b', 'a/b/c', 'a/c', 'a\u{FFFF}', 'a\u{1F600}', 'a\u{1F600}x', 'a\u{1F601}', 'ab', 'b', 'b/1', 'b/2', 'c'].sort(compareKeys)
    for (const startAfter of keys) {
      for (const end of keys) {
        const prefix = rangePrefix('', startAfter, end)
        const inRange = keys.filter((key) => compareKeys(key, startAfter) > 0 && compareKeys(key, end) <= 0)
        for (const key of inRange) expect(key.startsWith(prefix), `${key} in (${startAfter}, ${end}] under ${prefix}`).toBe(true)
      }
    }
  })
})

describe('parseListPage', () => {
  it('reads keys, sizes, truncation and the token, URL-decoding keys', () => {
    const xml =
      '<?xml version="1.0"?><ListBucketResult><Name>b</Name><Prefix></Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>' +
      '<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>' +
      '<Contents><Key>a+b%2Bc</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;x&quot;</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>' +
      '<Contents><Key>%C3%BC/%F0%9F%98%80</Key><Size>0</Size></Contents>' +
      '<NextContinuationToken>tok&amp;en==</NextContinuationToken></ListBucketResult>'
    expect(parseListPage(xml)).toEqual({
      objects: [{ key: 'a b+c', size: 12, storageClass: 'STANDARD' }, { key: 'ü/😀', size: 0 }],
      isTruncated: true,
      nextContinuationToken: 'tok&en==',
    })
  })

  it('skips the children it does not read, nested, empty or spread over lines', () => {
    const xml =
      '<ListBucketResult>\n  <IsTruncated>true</IsTruncated>\n' +
      '  <Contents>\n    <Key>a</Key>\n    <Owner>\n      <ID>id</ID><DisplayName>Key</DisplayName>\n    </Owner>\n' +
      '    <ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumType/>\n    <Size>5</Size>\n' +
      '    <RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress></RestoreStatus>\n    <StorageClass>GLACIER</StorageClass>\n  </Contents>\n' +
      '  <Contents><Key></Key><Size>0</Size></Contents>\n' +
      '  <NextContinuationToken>t</NextContinuationToken>\n</ListBucketResult>'
    expect(parseListPage(xml)).toEqual({ objects: [{ key: 'a', size: 5, storageClass: 'GLACIER' }, { key: '', size: 0 }], isTruncated: true, nextContinuationToken: 't' })
  })

  it('reads ETags without their quotes, escaped (as S3 writes them) or not', () => {
    const etags = ['&quot;abc&quot;', '"def"', '&quot;a-2&quot;', 'plain', '&#34;x&#34;', '&quot;q&amp;&quot;', '&quot;']
    const xml = `<ListBucketResult><IsTruncated>false</IsTruncated>${etags.map((etag, i) => `<Contents><Key>k${i}</Key><ETag>${etag}</ETag><Size>1</Size></Contents>`).join('')}</ListBucketResult>`
    expect(parseListPage(xml, true).objects.map((object) => object.etag)).toEqual(['abc', 'def', 'a-2', 'plain', 'x', 'q&', ''])
  })

  it('decodes XML entities when keys are not URL-encoded', () => {
    const xml = '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a &amp; b&#xD;</Key><Size>1</Size></Contents></ListBucketResult>'
    expect(parseListPage(xml)).toEqual({ objects: [{ key: 'a & b\r', size: 1 }], isTruncated: false })
  })
})

describe('ListPageParser', () => {
  it('gives the same page whatever the chunk boundaries', async () => {
    const { ListPageParser } = await import('./page-parser.js')
    const xml =
      '<?xml version="1.0"?><ListBucketResult><EncodingType>url</EncodingType>' +
      Array.from({ length: 30 }, (_, i) => `<Contents><Key>k%C3%BC+${i}</Key><Size>${i}</Size></Contents>`).join('') +
      '<IsTruncated>true</IsTruncated><NextContinuationToken>next-token</NextContinuationToken></ListBucketResult>'
    const whole = parseListPage(xml)
    expect(whole.objects).toHaveLength(30)
    expect(whole.objects[3]).toEqual({ key: 'kü 3', size: 3 })
    for (const size of [1, 2, 3, 7, 10, 64, 500]) {
      const parser = new ListPageParser()
      for (let start = 0; start < xml.length; start += size) parser.push(xml.slice(start, start + size))
      const page = parser.end()
      expect({ ...page, objects: page.objects.toObjects() }, `chunks of ${size}`).toEqual(whole)
    }
  })

  it('lets go of the body once the page is read, as the response outlives it', async () => {
    const { ListPageParser, parseBody } = await import('./page-parser.js')
    const { Readable } = await import('node:stream')
    const xml = `<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>a</Key><Size>1</Size></Contents><IsTruncated>false</IsTruncated></ListBucketResult>`
    const body = Readable.from([Buffer.from(xml.slice(0, 50)), Buffer.from(xml.slice(50))], { objectMode: false })
    const page = await parseBody(body, new ListPageParser())
    expect(page.objects.toObjects()).toEqual([{ key: 'a', size: 1 }])
    expect(body.listenerCount('data')).toBe(0)
  })

  it("stops at the first key past the range's end, however the page encodes its keys", async () => {
    const { ListPageParser } = await import('./page-parser.js')
    const contents = Array.from({ length: 20 }, (_, i) => `<Contents><Key>k+${String(i).padStart(2, '0')}</Key><Size>${i}</Size></Contents>`).join('')
    const tail = '<IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken></ListBucketResult>'
    const read = (xml: string, end: string, size: number) => {
      const parser = new ListPageParser(false, end)
      for (let start = 0; start < xml.length; start += size) parser.push(xml.slice(start, start + size))
      return parser.end().objects.toObjects().map((object) => object.key)
    }
    for (const size of [1, 7, 64, 10_000]) {
      // Keys up to 'k 07' and the first one past it: the rest is not read.
      expect(read(`<ListBucketResult><EncodingType>url</EncodingType>${contents}${tail}`, 'k 07', size), `chunks of ${size}`).toEqual(['k 00', 'k 01', 'k 02', 'k 03', 'k 04', 'k 05', 'k 06', 'k 07', 'k 08'])
      // EncodingType after the keys: `k+08` is past the end read either way (`k 08`, `k+08`), so
      // reading stops there too, and the EncodingType found in the rest still decodes the keys kept.
      expect(read(`<ListBucketResult>${contents}<EncodingType>url</EncodingType>${tail}`, 'k 07', size), `chunks of ${size}`).toEqual(['k 00', 'k 01', 'k 02', 'k 03', 'k 04', 'k 05', 'k 06', 'k 07', 'k 08'])
    }
    // Chunks larger than what the parser joins to the bytes the last one cut off: the key past the
    // end is found in that joined head, and the rest of the chunk is not read either.
    const many = Array.from({ length: 1000 }, (_, i) => `<Contents><Key>k+${String(i).padStart(4, '0')}</Key><Size>${i}</Size></Contents>`).join('')
    for (const size of [20_000, 20_011]) {
      expect(read(`<ListBucketResult><EncodingType>url</EncodingType>${many}${tail}`, 'k 0449', size), `chunks of ${size}`).toHaveLength(451)
    }
  })

  it('reads raw UTF-8 keys cut anywhere, in chunks larger and smaller than what it joins', async () => {
    const { ListPageParser } = await import('./page-parser.js')
    const keys = Array.from({ length: 1500 }, (_, i) => `${'ü😀日'.repeat(1 + (i % 7))}/${i} &amp; x${'y'.repeat(i % 300)}`)
    const body = Buffer.from(
      '<?xml version="1.0"?><ListBucketResult><Name>b</Name>' +
        keys.map((key, i) => `<Contents><Key>${key}</Key><ETag>&quot;e${i}&quot;</ETag><Size>${i}</Size><StorageClass>${i % 2 ? 'STANDARD' : 'GLACIER'}</StorageClass></Contents>`).join('') +
        '<IsTruncated>false</IsTruncated></ListBucketResult>',
    )
    const expected = keys.map((key, i) => ({ key: key.replace('&amp;', '&'), size: i, etag: `e${i}`, storageClass: i % 2 ? 'STANDARD' : 'GLACIER' }))
    for (const size of [1000, 16383, 16384, 16385, 40_000, 65_536, body.length]) {
      const parser = new ListPageParser(true)
      for (let start = 0; start < body.length; start += size) parser.push(body.subarray(start, start + size))
      const page = parser.end()
      expect({ ...page, objects: page.objects.toObjects() }, `chunks of ${size}`).toEqual({ objects: expected, isTruncated: false })
    }
  })
})
