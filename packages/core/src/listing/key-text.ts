import { decodeEntities } from '../util/xml-text.js'
import type { PackedPage } from './packed-page.js'
import { packObjects, type PackedPageBuilder } from './packed-page-builder.js'
import type { ListedObject } from './sequential.js'

/**
 * Reads each listed object's key straight from the response's bytes into its packed page. s3-seed
 * asks for URL-encoded keys (EncodingType=url: otherwise a key's \r can come back as \n, API
 * ListObjectsV2), and decodes them here, byte by byte: decoding the text afterwards (`+` replaced,
 * then decodeURIComponent) made three strings of each key with a space, a `:` or a non-ASCII
 * character, and took twice the time (decisions §23).
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

  /** Adds the key in data[start, end) to the page, URL-decoded: S3 writes a space as `+` and other bytes as %XX. */
  read(data: Buffer, start: number, end: number, into: PackedPageBuilder): void {
    // Most keys have neither `%` nor `+`: find the next of each natively (memchr), again only once
    // the keys read have passed it, rather than look at every byte of every key in JavaScript.
    if (data !== this.searched) {
      this.searched = data
      this.nextPercent = -1
      this.nextPlus = -1
    }
    if (this.nextPercent < start) this.nextPercent = next(data, PERCENT, start)
    if (this.nextPlus < start) this.nextPlus = next(data, PLUS, start)
    if (this.nextPercent >= end && this.nextPlus >= end) return into.addKeyBytes(data, start, end)
    if (!this.urlEncoded) this.asSent.push({ index: into.count, text: data.toString('utf8', start, end) })
    const target = into.reserveKey(end - start)
    into.keyWritten(decodeUrl(data, start, end, target, into.keyOffset))
  }

  /** Lets go of the bytes last searched (the page has been read). */
  forgetBytes(): void {
    this.searched = undefined
  }

  /** Whether the key at `index` was decoded, so reads another way as sent (asXmlText). */
  wasDecoded(index: number): boolean {
    return this.asSent[this.asSent.length - 1]?.index === index
  }

  /** The key at `index` (read as `key`) as it reads if the page is not URL-encoded: its text as sent, XML-decoded. */
  asXmlText(index: number, key: string): string {
    const last = this.asSent[this.asSent.length - 1]
    return decodeEntities(last !== undefined && last.index === index ? last.text : key)
  }

  /** Once the page has ended: XML-decodes the keys again if it was not URL-encoded after all. */
  finish(page: PackedPage, urlEncoded: boolean, etags: boolean): PackedPage {
    if (urlEncoded) return page
    const objects = page.toObjects()
    for (const object of objects) object.key = decodeEntities(object.key)
    for (const { index, text } of this.asSent) (objects[index] as ListedObject).key = decodeEntities(text)
    return packObjects(objects, etags)
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
/**
 * Decodes data[start, end) into target from `offset`; returns the bytes written (at most end - start).
 * A `%` not followed by two hex digits is kept as it is (decodeURIComponent would throw; S3 never
 * writes one).
 */
function decodeUrl(data: Buffer, start: number, end: number, target: Buffer, offset: number): number {
  let length = offset
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
    target[length++] = byte
  }
  return length - offset
}
