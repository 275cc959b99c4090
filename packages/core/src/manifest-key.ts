/**
 * Encodes an object key for an S3 Batch Operations CSV manifest.
 *
 * AWS requires manifest keys to be URL-encoded (UG batch-ops-create-job) but does not publish its
 * decoder, and S3 Inventory manifests (which the same service reads) write a space as `+`. The
 * only encoding that survives both plain and form-style decoding keeps the unreserved characters
 * `A-Z a-z 0-9 - _ . ~` and `/`, and percent-encodes every other UTF-8 byte: a space becomes `%20`,
 * a plus `%2B`, a comma `%2C`, a percent sign `%25`.
 */
export function encodeManifestKey(key: string): string {
  // A manifest holds millions of keys, most of them ASCII with a few characters to escape (`:` in
  // timestamps, spaces): one pass over the key with a table, no regular expression.
  let encoded = ''
  let copiedTo = 0
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index)
    if (code >= 0x80) return encodeAnyKey(key)
    const escape = ASCII_ESCAPES[code]
    if (escape !== undefined) {
      encoded += key.slice(copiedTo, index) + escape
      copiedTo = index + 1
    }
  }
  return copiedTo === 0 ? key : encoded + key.slice(copiedTo)
}

/** Keys with characters beyond ASCII: UTF-8 bytes percent-encoded by encodeURIComponent. */
function encodeAnyKey(key: string): string {
  // encodeURIComponent writes `/` as %2F (and a literal % as %25, so %2F comes only from `/`), and
  // leaves ! ' ( ) * unescaped: undo the one, escape the others.
  return encodeURIComponent(key)
    .replaceAll('%2F', '/')
    .replace(SUB_DELIMITERS, (char) => ASCII_ESCAPES[char.charCodeAt(0)] as string)
}

/** `%XX` for each ASCII character that is not unreserved or `/`; undefined for those kept. */
const ASCII_ESCAPES: Array<string | undefined> = Array.from({ length: 0x80 }, (_, code) =>
  /[A-Za-z0-9\-_.~/]/.test(String.fromCharCode(code)) ? undefined : `%${code.toString(16).toUpperCase().padStart(2, '0')}`,
)
const SUB_DELIMITERS = /[!'()*]/g
