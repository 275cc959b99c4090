import { describe, expect, it } from 'vitest'
import { ListPageParser, parseListPage } from './page-parser.js'

// Keys are URL-decoded from the bytes as they arrive (KeyText); where the response says it encoded
// them decides how, wherever in the response it says so.
const KEYS = ['a+b%2Bc', 'with+space', '100%25', '%C3%BC/%F0%9F%98%80', 'odd%zz%4', 'plain/key', 'tab%09%0D', '%E6%97%A5+x']
const DECODED = ['a b+c', 'with space', '100%', 'ü/😀', 'odd%zz%4', 'plain/key', 'tab\t\r', '日 x']
const contents = (keys: string[]) => keys.map((key, i) => `<Contents><Key>${key}</Key><Size>${i}</Size></Contents>`).join('')
const page = (before: string, after: string, keys = KEYS) => `<?xml version="1.0"?><ListBucketResult><Name>b</Name>${before}${contents(keys)}${after}<IsTruncated>false</IsTruncated></ListBucketResult>`
const objects = (keys: string[]) => keys.map((key, size) => ({ key, size }))

function inChunks(xml: string, size: number) {
  const parser = new ListPageParser()
  const bytes = Buffer.from(xml)
  for (let start = 0; start < bytes.length; start += size) parser.push(bytes.subarray(start, start + size))
  const page = parser.end()
  return { ...page, objects: page.objects.toObjects() }
}

describe('keys read from a listing', () => {
  it.each([
    ['before the keys', page('<EncodingType>url</EncodingType>', '')],
    ['after the keys', page('', '<EncodingType>url</EncodingType>')],
  ])('are URL-decoded when EncodingType url comes %s', (_, xml) => {
    expect(parseListPage(xml).objects).toEqual(objects(DECODED))
    for (const size of [1, 5, 13, 64]) expect(inChunks(xml, size).objects, `chunks of ${size}`).toEqual(objects(DECODED))
  })

  it('are only XML-decoded when the response does not say EncodingType url (a server that ignores it)', () => {
    const xml = page('<EncodingType>other</EncodingType>', '', [...KEYS, 'x &amp; y+z', '&lt;%41&gt;'])
    expect(parseListPage(xml).objects).toEqual(objects([...KEYS, 'x & y+z', '<%41>']))
    for (const size of [1, 7, 64]) expect(inChunks(xml, size).objects).toEqual(objects([...KEYS, 'x & y+z', '<%41>']))
  })

  it('are decoded as UTF-8 when a URL-encoded response leaves non-ASCII bytes as they are', () => {
    expect(parseListPage(page('<EncodingType>url</EncodingType>', '', ['ü+%C3%BC', '日本'])).objects).toEqual(objects(['ü ü', '日本']))
  })

  it('match decodeURIComponent on every byte value, encoded as S3 encodes', () => {
    const keys = Array.from({ length: 256 }, (_, byte) => `k%${byte.toString(16).padStart(2, '0')}${byte % 2 ? '%C3%BC' : ''}`)
    const expected = keys.map((key) => Buffer.from(key.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'))
    expect(parseListPage(page('<EncodingType>url</EncodingType>', '', keys)).objects.map((object) => object.key)).toEqual(expected)
  })
})

describe('a page that does not say EncodingType before its keys', () => {
  const listing = (top: string, keys: string[]) => `<ListBucketResult><IsTruncated>true</IsTruncated>${contents(keys)}${top}</ListBucketResult>`

  it.each([
    // Read either way, `d` is past the end `c`: the rest of the page is skipped.
    ['says it after its keys', '<EncodingType>url</EncodingType>', ['a', 'b', 'd', 'e'], 'c', ['a', 'b', 'd']],
    ['never says it', '', ['a', 'b', 'd', 'e'], 'c', ['a', 'b', 'd']],
    // `b%7E` is past the end `b5` URL-decoded (`b~`) but not as sent: reading goes on to `c`.
    ['a key past the end one way only', '<EncodingType>url</EncodingType>', ['a', 'b%7E', 'c', 'd'], 'b5', ['a', 'b~', 'c']],
  ])('%s: stops early only where no key the range wants can follow', (_, top, keys, end, expected) => {
    const parser = new ListPageParser(false, end)
    parser.push(listing(top, keys))
    expect(parser.end().objects.toObjects().map((object) => object.key)).toEqual(expected)
  })
})
