import { decodeEntities } from '../util/xml-text.js'
import type { KeyText } from './key-text.js'
import type { PackedPageBuilder } from './packed-page-builder.js'

export const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f

export const CONTENTS = Buffer.from('<Contents>')
const CONTENTS_END_LENGTH = '</Contents>'.length
const KEY = Buffer.from('Key')
const SIZE = Buffer.from('Size')
const STORAGE_CLASS = Buffer.from('StorageClass')
const ETAG = Buffer.from('ETag')
const STANDARD = Buffer.from('STANDARD')
const QUOTES = [Buffer.from('&quot;'), Buffer.from('"')]

/**
 * Reads the `<Contents>` element that starts at `open` straight from the bytes, one pass, with no
 * string made of the element or its chunk: the key's bytes go to the page as they are (or URL-decoded:
 * keys.read), and only the ETag when asked and a storage class other than STANDARD become strings.
 * Children other than Key, Size, StorageClass and ETag are skipped, nested ones (Owner,
 * RestoreStatus) included. Adds the object to `into` and returns where the element ends, or -1 when
 * it does not end within `data` yet: the key is read only once the element is complete.
 */
export function readContents(data: Buffer, open: number, etags: boolean, keys: KeyText, into: PackedPageBuilder): number {
  const end = data.length
  let at = open + CONTENTS.length
  let keyStart = 0
  let keyEnd = 0
  let size = 0
  let storageClass: string | undefined
  let etagStart = -1
  let etagEnd = -1
  for (;;) {
    while (at < end && data[at] !== LT) at++
    if (at + 1 >= end) return -1
    if (data[at + 1] === SLASH) {
      // The Contents element's own end tag.
      if (at + CONTENTS_END_LENGTH > end) return -1
      keys.read(data, keyStart, keyEnd, into)
      if (etagStart >= 0) addEtag(data, etagStart, etagEnd, into)
      into.finishObject(size, storageClass)
      return at + CONTENTS_END_LENGTH
    }
    const name = at + 1
    let nameEnd = name
    while (nameEnd < end && data[nameEnd] !== GT) nameEnd++
    if (nameEnd >= end) return -1
    if (data[nameEnd - 1] === SLASH) {
      at = nameEnd + 1 // <Empty/>
      continue
    }
    const value = nameEnd + 1
    // Values are the long stretches (keys, times, ETags): Buffer.indexOf (memchr) beats a byte loop
    // there, by 60 ns a key in 300-450 (1,000-key pages); tags stay byte loops, too short for a call.
    const valueEnd = data.indexOf(LT, value)
    if (valueEnd < 0 || valueEnd + 1 >= end) return -1
    if (data[valueEnd + 1] !== SLASH) {
      at = closingTag(data, name, nameEnd, valueEnd)
      if (at < 0) return -1
      continue
    }
    const next = valueEnd + 3 + (nameEnd - name) // past </name>
    if (next > end) return -1
    if (same(data, name, nameEnd, KEY)) {
      keyStart = value
      keyEnd = valueEnd
    } else if (same(data, name, nameEnd, SIZE)) size = digits(data, value, valueEnd)
    else if (same(data, name, nameEnd, STORAGE_CLASS)) storageClass = same(data, value, valueEnd, STANDARD) ? 'STANDARD' : data.toString('utf8', value, valueEnd)
    else if (etags && same(data, name, nameEnd, ETAG)) {
      etagStart = value
      etagEnd = valueEnd
    }
    at = next
  }
}

/** Whether data[at..] starts with `bytes`. */
export function startsWith(data: Buffer, at: number, bytes: Buffer): boolean {
  if (at + bytes.length > data.length) return false
  for (let index = 0; index < bytes.length; index++) if (data[at + index] !== bytes[index]) return false
  return true
}

/** Whether data[start, end) holds exactly `bytes`. */
function same(data: Buffer, start: number, end: number, bytes: Buffer): boolean {
  return end - start === bytes.length && startsWith(data, start, bytes)
}

function digits(data: Buffer, start: number, end: number): number {
  let value = 0
  for (let index = start; index < end; index++) value = value * 10 + (data[index] as number) - 0x30
  return value
}

/** Where `</name>` ends, searching from `from` (the element has children), or -1. */
function closingTag(data: Buffer, name: number, nameEnd: number, from: number): number {
  const length = nameEnd - name
  for (let at = from; ; at++) {
    while (at < data.length && data[at] !== LT) at++
    if (at + length + 3 > data.length) return -1
    if (data[at + 1] === SLASH && data[at + 2 + length] === GT && data.compare(data, name, nameEnd, at + 2, at + 2 + length) === 0) return at + length + 3
  }
}

/**
 * The object's ETag without its quotes. S3 writes `&quot;…&quot;` (the quotes escaped; other
 * servers write `"…"`): both are cut from the bytes, which go to the page as they are; anything else
 * is decoded in full.
 */
function addEtag(data: Buffer, start: number, end: number, into: PackedPageBuilder): void {
  for (const quote of QUOTES) {
    if (end - start >= 2 * quote.length && startsWith(data, start, quote) && startsWith(data, end - quote.length, quote)) {
      const innerStart = start + quote.length
      const innerEnd = end - quote.length
      if (!quoteOrEntity(data, innerStart, innerEnd)) return into.addEtagBytes(data, innerStart, innerEnd)
    }
  }
  into.addEtagText(decodeEntities(data.toString('utf8', start, end)).replaceAll('"', ''))
}

/**
 * Whether data[start, end) holds a quote or an entity. A loop over the ETag's few dozen bytes:
 * Buffer.indexOf searches on to the end of the chunk when the byte is not there, and a page's
 * quotes are all in its first line (a verify's ETags cost 120 ns each that way, 25 now).
 */
function quoteOrEntity(data: Buffer, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const byte = data[at]
    if (byte === QUOTE || byte === AMPERSAND) return true
  }
  return false
}

const QUOTE = 0x22
const AMPERSAND = 0x26
