import type { ListedObject } from './sequential.js'

export interface ParsedPage {
  objects: ListedObject[]
  isTruncated: boolean
  nextContinuationToken?: string
}

/**
 * Reads a ListObjectsV2 response body (S3 model ListObjectsV2Output) as it arrives, without a
 * general XML parser: the SDK's deserialisation costs about 10 s per million keys, most of the time
 * of a fast listing. Each chunk is searched through a byte-for-byte (latin1) copy, which V8 searches
 * fastest, and each Contents element is read as soon as it is complete (its Key, Size, StorageClass
 * and, when asked, ETag). Keys and ETags are decoded from the bytes into strings of their own: a slice
 * of the chunk's string would keep the whole chunk alive as long as the key lives. Bytes outside
 * Contents are kept for the few top-level elements needed: IsTruncated, NextContinuationToken and
 * EncodingType. Keys are URL-decoded when the response says EncodingType url (S3 writes a space as
 * `+`), and XML entities are decoded otherwise.
 */
export class ListPageParser {
  private carry: Buffer = EMPTY
  private readonly topLevel: Buffer[] = []
  private readonly objects: ListedObject[] = []

  /** @param etags Also read each object's ETag (quotes removed), as verify reports it. */
  constructor(private readonly etags = false) {}

  push(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
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
    const urlEncoded = elementText(top, 'EncodingType', 0) === 'url'
    const token = elementText(top, 'NextContinuationToken', 0)
    for (const object of this.objects) object.key = urlEncoded ? decodeUrl(object.key) : decodeEntities(object.key)
    return {
      objects: this.objects,
      isTruncated: elementText(top, 'IsTruncated', 0) === 'true',
      ...(token === undefined ? {} : { nextContinuationToken: decodeEntities(token) }),
    }
  }

  /**
   * Reads the complete Contents elements of data[from..] and the top-level text between them.
   * Returns where the unread rest begins: an unfinished element or a possibly cut tag ("<Conte").
   */
  private scan(data: Buffer, from: number): number {
    const text = data.toString('latin1', from)
    let at = 0
    let open: number
    for (;;) {
      open = text.indexOf('<Contents>', at)
      if (open < 0) break
      const close = text.indexOf('</Contents>', open)
      if (close < 0) break
      if (open > at) this.topLevel.push(Buffer.from(data.subarray(from + at, from + open)))
      this.objects.push(this.contents(data, text, from, open, close))
      at = close + 11
    }
    let keep = open >= 0 ? open : text.lastIndexOf('<')
    if (keep < at) keep = text.length
    if (keep > at) this.topLevel.push(Buffer.from(data.subarray(from + at, from + keep)))
    return from + keep
  }

  private hold(data: Buffer, keep: number): void {
    this.carry = keep < data.length ? Buffer.from(data.subarray(keep)) : EMPTY
  }

  /** One Contents element: found in `text`, decoded from `data` (the same bytes from `from`). */
  private contents(data: Buffer, text: string, from: number, open: number, close: number): ListedObject {
    const object: ListedObject = { key: bytesOf(data, text, from, 'Key', open, close) ?? '', size: 0 }
    const size = text.indexOf('<Size>', open)
    if (size >= 0 && size < close) {
      let value = 0
      for (let index = size + 6, char = text.charCodeAt(index); char >= 0x30 && char <= 0x39; char = text.charCodeAt(++index)) value = value * 10 + char - 0x30
      object.size = value
    }
    const storage = text.indexOf('<StorageClass>', open)
    if (storage >= 0 && storage < close) {
      // Nearly every object is STANDARD: share one string.
      object.storageClass = text.startsWith('STANDARD<', storage + 14) ? 'STANDARD' : (bytesOf(data, text, from, 'StorageClass', storage, close) as string)
    }
    if (this.etags) {
      const etag = bytesOf(data, text, from, 'ETag', open, close)
      if (etag !== undefined) object.etag = decodeEntities(etag).replaceAll('"', '')
    }
    return object
  }
}

const EMPTY = Buffer.alloc(0)
/** Bytes of a new chunk joined to what the last one cut off: more than any one element takes. */
const JOIN = 16 * 1024

/**
 * The UTF-8 text of the first `<name>` element in text[start, end), as a string of its own; `text`
 * is the latin1 reading of data[offset..].
 */
function bytesOf(data: Buffer, text: string, offset: number, name: string, start: number, end: number): string | undefined {
  const [openTag, closeTag] = tags(name)
  const open = text.indexOf(openTag, start)
  if (open < 0 || open >= end) return undefined
  const first = open + openTag.length
  const close = text.indexOf(closeTag, first)
  return close < 0 || close > end ? undefined : data.toString('utf8', offset + first, offset + close)
}

/** S3's `encoding-type=url` writes a space as `+` and other characters as %XX; most keys have neither. */
function decodeUrl(key: string): string {
  const plus = key.includes('+')
  if (!plus && !key.includes('%')) return key
  return decodeURIComponent(plus ? key.replaceAll('+', ' ') : key)
}

/** Parses a whole ListObjectsV2 body at once. */
export function parseListPage(xml: string, etags = false): ParsedPage {
  const parser = new ListPageParser(etags)
  parser.push(xml)
  return parser.end()
}

/** The text of the first `<name>` element starting in [from, to). */
function elementText(xml: string, name: string, from: number, to = xml.length): string | undefined {
  const [openTag, closeTag] = tags(name)
  const open = xml.indexOf(openTag, from)
  if (open < 0 || open >= to) return undefined
  const start = open + openTag.length
  const close = xml.indexOf(closeTag, start)
  return close < 0 ? undefined : xml.slice(start, close)
}

/** Opening and closing tags by element name, built once rather than for every object. */
const TAGS: Record<string, [open: string, close: string]> = {}
const tags = (name: string) => TAGS[name] ?? (TAGS[name] = [`<${name}>`, `</${name}>`])

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) =>
    entity.startsWith('#x') ? String.fromCodePoint(parseInt(entity.slice(2), 16))
    : entity.startsWith('#') ? String.fromCodePoint(parseInt(entity.slice(1), 10))
    : (ENTITIES[entity] as string),
  )
}
