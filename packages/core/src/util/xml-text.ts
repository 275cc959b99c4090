/**
 * Text out of the small XML documents S3 answers with (list pages' top-level fields, error bodies),
 * read without an XML parser: S3's documents are flat where these are used.
 */

/** The text of the first `<name>` element, entities left as they are; undefined when there is none. */
export function elementText(xml: string, name: string): string | undefined {
  const open = xml.indexOf(`<${name}>`)
  if (open < 0) return undefined
  const start = open + name.length + 2
  const close = xml.indexOf(`</${name}>`, start)
  return close < 0 ? undefined : xml.slice(start, close)
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Decodes the XML entities S3 writes in a key or a token: the five named ones and numeric ones. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) =>
    entity.startsWith('#x') ? String.fromCodePoint(parseInt(entity.slice(2), 16))
    : entity.startsWith('#') ? String.fromCodePoint(parseInt(entity.slice(1), 10))
    : (ENTITIES[entity] as string),
  )
}
