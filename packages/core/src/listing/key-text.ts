import { decodeEntities } from '../util/xml-text.js'
import type { ListedObject } from './sequential.js'

/**
 * Makes each listed object's key a string straight from the response's bytes. s3-seed asks for
 * URL-encoded keys (EncodingType=url: otherwise a key's \r can come back as \n, API ListObjectsV2),
 * and decodes them here, one string per key: decoding the text afterwards (`+` replaced, then
 * decodeURIComponent) made three strings of each key with a space, a `:` or a non-ASCII character,
 * and took twice the time (decisions §23).
 *
 * The response says `<EncodingType>url</EncodingType>` when it encoded its keys, but it may say so
 * after them (the element's place is not documented, and S3 responses have it both before and after
 * Contents). Until a page has said so, a key decoded here also keeps its text as sent, and `finish`
 * puts that text back, XML-decoded, if the page turns out not to be URL-encoded (a server that ignores
 * EncodingType). A page that says it early costs nothing extra.
 */
export class KeyText {
  /** The page has said its keys are URL-encoded. */
  urlEncoded = false
  /** Keys decoded before the page said it URL-encodes them: their index and text as sent. */
  private readonly asSent: Array<{ index: number; text: string }> = []
  /** The bytes last searched, and where the first `%` and `+` at or after the last key read are. */
  private searched: Buffer | undefined
  private nextPercent = -1
  private nextPlus = -1

  /** The key in data[start, end), URL-decoded: S3 writes a space as `+` and other bytes as %XX. */
  read(data: Buffer, start: number, end: number, index: number): string {
    // Most keys have neither `%` nor `+`: find the next of each natively (memchr), again only once
    // the keys read have passed it, rather than look at every byte of every key in JavaScript.
    if (data !== this.searched) {
      this.searched = data
      this.nextPercent = -1
      this.nextPlus = -1
    }
    if (this.nextPercent < start) this.nextPercent = next(data, PERCENT, start)
    if (this.nextPlus < start) this.nextPlus = next(data, PLUS, start)
    if (this.nextPercent >= end && this.nextPlus >= end) return data.toString('utf8', start, end)
    return this.decode(data, start, end, index)
  }

  private decode(data: Buffer, start: number, end: number, index: number): string {
    if (!this.urlEncoded) this.asSent.push({ index, text: data.toString('utf8', start, end) })
    return decodeUrl(data, start, end)
  }

  /** The key at `index` (read as `key`) as it reads if the page is not URL-encoded: its text as sent, XML-decoded. */
  asXmlText(index: number, key: string): string {
    const last = this.asSent[this.asSent.length - 1]
    return decodeEntities(last !== undefined && last.index === index ? last.text : key)
  }

  /** Once the page has ended: XML-decodes the keys again if it was not URL-encoded after all. */
  finish(objects: ListedObject[], urlEncoded: boolean): void {
    if (urlEncoded) return
    for (const object of objects) object.key = decodeEntities(object.key)
    for (const { index, text } of this.asSent) (objects[index] as ListedObject).key = decodeEntities(text)
  }
}

/** Where the first `byte` at or after `from` is, or data.length. */
function next(data: Buffer, byte: number, from: number): number {
  const at = data.indexOf(byte, from)
  return at < 0 ? data.length : at
}

const PERCENT = 0x25
const PLUS = 0x2b
const SPACE = 0x20
/** The value of each byte as a hex digit, or -1. */
const HEX_VALUE = Int8Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte)
  return /[0-9A-Fa-f]/.test(char) ? parseInt(char, 16) : -1
})
/** Reused for every key: a key is at most 1,024 bytes (UG object-keys), 3,072 URL-encoded. */
let scratch = Buffer.allocUnsafe(4096)

/**
 * Decodes data[start, end). A `%` not followed by two hex digits is kept as it is
 * (decodeURIComponent would throw; S3 never writes one).
 */
function decodeUrl(data: Buffer, start: number, end: number): string {
  if (scratch.length < end - start) scratch = Buffer.allocUnsafe(end - start)
  let length = 0
  let ascii = true
  for (let at = start; at < end; at++) {
    let byte = data[at] as number
    if (byte === PLUS) byte = SPACE
    else if (byte === PERCENT && at + 2 < end) {
      const high = HEX_VALUE[data[at + 1] as number] as number
      const low = HEX_VALUE[data[at + 2] as number] as number
      if (high >= 0 && low >= 0) {
        byte = high * 16 + low
        at += 2
      }
    }
    if (byte >= 0x80) ascii = false
    scratch[length++] = byte
  }
  return scratch.toString(ascii ? 'latin1' : 'utf8', 0, length)
}
