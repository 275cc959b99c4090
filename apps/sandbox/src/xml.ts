import { XMLBuilder, XMLParser } from 'fast-xml-parser'

/**
 * A parsed XML element: text, or child elements by name (repeated children become arrays).
 * S3 Control (REST-XML) wraps list items in `<member>` and map entries in `<entry>`.
 */
export type XmlNode = string | { [name: string]: XmlNode | XmlNode[] }

export const S3_CONTROL_NAMESPACE = 'http://awss3control.amazonaws.com/doc/2018-08-20/'

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Keep every value a string: the model decides what is a number or a boolean, not the parser.
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
})

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false })

/** Parses an XML document and returns its root element's content, with the root's name. */
export function parseXmlDocument(text: string): { root: string; content: XmlNode } {
  const parsed = parser.parse(text) as Record<string, XmlNode>
  const root = Object.keys(parsed).find((name) => name !== '?xml')
  if (root === undefined) throw new Error('The request body is not an XML document.')
  return { root, content: parsed[root] ?? '' }
}

/** Renders `content` under a root element carrying the S3 Control namespace. */
export function buildXmlDocument(root: string, content: Record<string, unknown>): string {
  const body = builder.build({ [root]: { '@_xmlns': S3_CONTROL_NAMESPACE, ...content } }) as string
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
}

/** Renders a document without a namespace (S3 and IAM error bodies). */
export function buildPlainXml(root: string, content: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: content }) as string}`
}

export function child(node: XmlNode | XmlNode[] | undefined, name: string): XmlNode | XmlNode[] | undefined {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined
  return node[name]
}

/** Text of a child element, or undefined when absent. An empty element reads as ''. */
export function text(node: XmlNode | XmlNode[] | undefined, name: string): string | undefined {
  const value = child(node, name)
  if (value === undefined) return undefined
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return undefined
  return Object.keys(value).length === 0 ? '' : undefined
}

/** Items of a REST-XML list element (`<Name><member>…</member>…</Name>`). */
export function members(node: XmlNode | XmlNode[] | undefined, name: string, item = 'member'): XmlNode[] {
  const list = child(node, name)
  if (list === undefined || typeof list === 'string' || Array.isArray(list)) return []
  const items = list[item]
  if (items === undefined) return []
  return Array.isArray(items) ? items : [items]
}

export function isElement(node: XmlNode | XmlNode[] | undefined): node is { [name: string]: XmlNode | XmlNode[] } {
  return node !== undefined && typeof node !== 'string' && !Array.isArray(node)
}
