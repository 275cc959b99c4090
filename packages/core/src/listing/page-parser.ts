import { CONTENTS, LT, readContents, startsWith } from './contents-reader.js'
import { decodeEntities, elementText } from '../util/xml-text.js'
import { KeyText } from './key-text.js'
import { compareKeys } from './key-range.js'
import type { Readable } from 'node:stream'
import type { PackedPage } from './packed-page.js'
import { PackedPageBuilder } from './packed-page-builder.js'
import { PAGE_OBJECTS, type PageBuffers } from './page-buffers.js'
import type { ListedObject } from './sequential.js'

export interface ParsedPage {
  objects: PackedPage
  isTruncated: boolean
  nextContinuationToken?: string | undefined
}

/**
 * Reads a ListObjectsV2 response body (S3 model ListObjectsV2Output) as it arrives, without a
 * general XML parser: the SDK's deserialisation costs about 10 s per million keys, most of the time
 * of a fast listing. Each Contents element is read from the bytes as soon as it is complete
 * (readContents: its Key, Size, StorageClass and, when asked, ETag); the body never becomes one
 * string, which would be the largest allocation of a listing and make the garbage collector grow
 * the heap. Bytes outside Contents are kept for the few top-level elements needed: IsTruncated,
 * NextContinuationToken and EncodingType. Keys are URL-decoded when the response says EncodingType
 * url (S3 writes a space as `+`), and XML entities are decoded otherwise (KeyText).
 */
export class ListPageParser {
  private carry: Buffer = EMPTY
  private readonly topLevel: Buffer[] = []
  /** The last top-level bytes, as many as could begin `<EncodingType>url</EncodingType>`. */
  private topLevelTail: Buffer = EMPTY
  private readonly objects: PackedPageBuilder
  private readonly keys = new KeyText()
  /** The range's last key as UTF-8 bytes, as keys are compared. */
  private readonly rangeEndBytes: Buffer | undefined
  /** A key past `end` has been read: the rest of the page is not wanted. */
  private past = false
  /** The last bytes seen past the end, as many as could begin `<EncodingType>url</EncodingType>`. */
  private afterEndTail: Buffer = EMPTY

  /**
   * @param etags Also read each object's ETag (quotes removed), as verify reports it.
   * @param rangeEnd The range's last key: once a key past it is read, the rest of the page is skipped
   *   (its objects and top-level elements), as the range ends there. A range's last page mostly
   *   lists keys beyond it, and a range cut from a bigger one often starts with such a page.
   * @param buffers Where the page's buffers come from (a listing that recycles its pages).
   */
  constructor(
    private readonly etags = false,
    private readonly rangeEnd?: string,
    buffers?: PageBuffers,
  ) {
    this.objects = new PackedPageBuilder(etags, PAGE_OBJECTS, buffers)
    this.rangeEndBytes = rangeEnd === undefined ? undefined : Buffer.from(rangeEnd)
  }

  push(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    if (!this.past) this.read(bytes)
    if (this.past) this.lookForUrlEncoding(bytes)
  }

  /**
   * Past the range's end, the rest of the page is not read, but it may still say that the page is
   * URL-encoded (S3 does not document where EncodingType goes), which decides how the keys kept read
   * (KeyText.finish): look for that element alone. It cannot appear inside a key, whose `<` would be
   * escaped.
   */
  private lookForUrlEncoding(bytes: Buffer): void {
    if (this.keys.urlEncoded) return
    const seen = this.afterEndTail.length === 0 ? bytes : Buffer.concat([this.afterEndTail, bytes])
    if (seen.includes(URL_ENCODED)) this.keys.urlEncoded = true
    this.afterEndTail = Buffer.from(seen.subarray(-(URL_ENCODED.length - 1)))
  }

  private read(bytes: Buffer): void {
    if (this.carry.length === 0) return this.hold(bytes, this.scan(bytes, 0))
    // Finish what the last chunk cut off with the head of this one (an element is a few KB at most)
    // rather than copy the whole chunk: fewer large buffers to allocate and free.
    const carried = this.carry.length
    const head = bytes.length <= JOIN ? bytes : bytes.subarray(0, JOIN)
    const joined = Buffer.concat([this.carry, head])
    const keep = this.scan(joined, 0)
    if (head.length === bytes.length) return this.hold(joined, keep)
    if (keep >= carried) return this.hold(bytes, this.scan(bytes, keep - carried))
    const rest = Buffer.concat([joined.subarray(keep), bytes.subarray(head.length)])
    return this.hold(rest, this.scan(rest, 0))
  }

  end(): ParsedPage {
    const top = Buffer.concat([...this.topLevel, this.carry]).toString('utf8')
    const token = elementText(top, 'NextContinuationToken')
    this.releaseBytes()
    return {
      objects: this.keys.finish(this.objects.build(), this.keys.urlEncoded || elementText(top, 'EncodingType') === 'url', this.etags),
      isTruncated: elementText(top, 'IsTruncated') === 'true',
      nextContinuationToken: token === undefined ? undefined : decodeEntities(token),
    }
  }

  /**
   * Reads the complete Contents elements of data[from..] and the top-level bytes between them.
   * Returns where the unread rest begins: an unfinished element or a possibly cut tag ("<Conte").
   */
  private scan(data: Buffer, from: number): number {
    // Past the range's end (perhaps in the head joined to what the last chunk cut off): read no more.
    if (this.past) return data.length
    let at = from
    for (;;) {
      const open = data.indexOf(CONTENTS, at)
      if (open < 0) {
        let keep = data.lastIndexOf(LT)
        if (keep < at) keep = data.length
        if (keep > at) this.keepTopLevel(data, at, keep)
        return keep
      }
      if (open > at) this.keepTopLevel(data, at, open)
      at = open
      // Contents elements follow one another: read them while they do.
      while (startsWith(data, at, CONTENTS)) {
        const next = readContents(data, at, this.etags, this.keys, this.objects)
        if (next < 0) return at
        at = next
        if (this.isPastEnd()) return data.length
      }
    }
  }

  /**
   * Whether the key just read is past the range's end, so that no key the range wants follows it on
   * this page (S3 lists keys in ascending order; API ListObjectsV2). The key's text is final once the
   * page has said it URL-encodes its keys. Until then (a page may say so after its keys, and a server
   * that ignores encoding-type never does) the key is read both ways, URL-decoded and XML-decoded
   * (KeyText.finish picks one at the end): if both are past the end, it is past it whichever the page
   * turns out to be; if only one is, reading goes on, so no key the range wants is lost.
   */
  private isPastEnd(): boolean {
    if (this.rangeEndBytes === undefined) return false
    const index = this.objects.count - 1
    if (this.objects.compareKeyTo(index, this.rangeEndBytes) <= 0) return false
    // Read as sent and XML-decoded, the key differs only if it was URL-decoded or holds an entity.
    if (!this.keys.urlEncoded && (this.keys.wasDecoded(index) || this.objects.keyIncludes(index, AMPERSAND))) {
      if (compareKeys(this.keys.asXmlText(index, this.objects.key(index)), this.rangeEnd as string) <= 0) return false
    }
    this.past = true
    return true
  }

  /** Keeps bytes outside Contents, and notes an EncodingType url that comes before the keys. */
  private keepTopLevel(data: Buffer, start: number, end: number): void {
    const bytes = Buffer.from(data.subarray(start, end))
    if (!this.keys.urlEncoded) {
      // The element may be cut between chunks: look for it with the end of the bytes kept before.
      const seen = this.topLevelTail.length === 0 ? bytes : Buffer.concat([this.topLevelTail, bytes])
      if (seen.includes(URL_ENCODED)) this.keys.urlEncoded = true
      this.topLevelTail = Buffer.from(seen.subarray(-(URL_ENCODED.length - 1)))
    }
    this.topLevel.push(bytes)
  }

  /**
   * Lets go of the response's bytes: what still refers to the parser (the body's listeners, the
   * HTTP response until its socket is used again) would keep them, a chunk of up to 64 KB per
   * connection, long enough for V8 to move them to the old generation (decisions §33).
   */
  private releaseBytes(): void {
    this.carry = EMPTY
    this.topLevel.length = 0
    this.topLevelTail = EMPTY
    this.afterEndTail = EMPTY
    this.keys.forgetBytes()
  }

  private hold(data: Buffer, keep: number): void {
    this.carry = keep < data.length ? Buffer.from(data.subarray(keep)) : EMPTY
  }
}

const EMPTY = Buffer.alloc(0)
const AMPERSAND = 0x26
const URL_ENCODED = Buffer.from('<EncodingType>url</EncodingType>')
/** Bytes of a new chunk joined to what the last one cut off: more than any one element takes. */
const JOIN = 16 * 1024

/** Parses a whole ListObjectsV2 body at once, and makes its objects. */
export function parseListPage(xml: string, etags = false): Omit<ParsedPage, 'objects'> & { objects: ListedObject[] } {
  const parser = new ListPageParser(etags)
  parser.push(xml)
  const page = parser.end()
  return { ...page, objects: page.objects.toObjects() }
}

/** Parses the body chunk by chunk, as bytes (data events: lighter than an async iterator). */
export function parseBody(body: Readable, parser: ListPageParser): Promise<ParsedPage> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer | string) => {
      try {
        parser.push(chunk)
      } catch (error) {
        body.destroy(error as Error)
      }
    }
    body.on('data', onData)
    body.once('error', reject)
    body.once('end', () => {
      // The response outlives its page (until its socket is used again): let go of the parser.
      body.off('data', onData)
      resolve(parser.end())
    })
    // A body destroyed without an error (an abort) ends with close alone: settle rather than hang.
    body.once('close', () => reject(new Error('The response body closed before its end')))
  })
}
