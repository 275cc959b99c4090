import type { ListedObject } from './sequential.js'

export interface ParsedPage {
  objects: ListedObject[]
  isTruncated: boolean
  nextContinuationToken?: string
}

/**
 * Reads a ListObjectsV2 response body (S3 model ListObjectsV2Output) as it arrives, without a
 * general XML parser: the SDK's deserialisation costs about 10 s per million keys, most of the time
 * of a fast listing, and holding whole bodies as strings costs memory. Each Contents element is read
 * as soon as it is complete (its Key, Size and StorageClass); everything outside them is kept for the few
 * top-level elements needed: IsTruncated, NextContinuationToken and EncodingType. Keys are
 * URL-decoded when the response says EncodingType url (S3 writes a space as `+`), and XML entities
 * are decoded otherwise.
 */
export class ListPageParser {
  private carry = ''
  private topLevel = ''
  private readonly raw: Array<[key: string, size: number, storageClass: string | undefined]> = []

  push(text: string): void {
    let rest = this.carry + text
    for (;;) {
      const open = rest.indexOf('<Contents>')
      if (open < 0) break
      const close = rest.indexOf('</Contents>', open)
      if (close < 0) {
        this.topLevel += rest.slice(0, open)
        this.carry = rest.slice(open)
        return
      }
      this.topLevel += rest.slice(0, open)
      this.raw.push([
        elementText(rest, 'Key', open, close) ?? '',
        Number(elementText(rest, 'Size', open, close) ?? '0'),
        elementText(rest, 'StorageClass', open, close),
      ])
      rest = rest.slice(close + 11)
    }
    // Keep a possibly cut tag ("<Conte") for the next chunk; the rest is top-level text.
    const lastTag = rest.lastIndexOf('<')
    this.topLevel += lastTag < 0 ? rest : rest.slice(0, lastTag)
    this.carry = lastTag < 0 ? '' : rest.slice(lastTag)
  }

  end(): ParsedPage {
    const top = this.topLevel + this.carry
    const urlEncoded = elementText(top, 'EncodingType', 0) === 'url'
    const token = elementText(top, 'NextContinuationToken', 0)
    return {
      objects: this.raw.map(([key, size, storageClass]) => ({
        key: urlEncoded ? decodeURIComponent(key.replaceAll('+', ' ')) : decodeEntities(key),
        size,
        ...(storageClass === undefined ? {} : { storageClass }),
      })),
      isTruncated: elementText(top, 'IsTruncated', 0) === 'true',
      ...(token === undefined ? {} : { nextContinuationToken: decodeEntities(token) }),
    }
  }
}

/** Parses a whole ListObjectsV2 body at once. */
export function parseListPage(xml: string): ParsedPage {
  const parser = new ListPageParser()
  parser.push(xml)
  return parser.end()
}

/** The text of the first `<name>` element starting in [from, to). */
function elementText(xml: string, name: string, from: number, to = xml.length): string | undefined {
  const open = xml.indexOf(`<${name}>`, from)
  if (open < 0 || open >= to) return undefined
  const start = open + name.length + 2
  const close = xml.indexOf(`</${name}>`, start)
  return close < 0 ? undefined : xml.slice(start, close)
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) =>
    entity.startsWith('#x') ? String.fromCodePoint(parseInt(entity.slice(2), 16))
    : entity.startsWith('#') ? String.fromCodePoint(parseInt(entity.slice(1), 10))
    : (ENTITIES[entity] as string),
  )
}
