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
  // Most keys need nothing encoded; a manifest holds millions of them, so check that first.
  if (UNRESERVED.test(key)) return key
  // encodeURIComponent writes `/` as %2F (and a literal % as %25, so %2F comes only from `/`), and
  // leaves ! ' ( ) * unescaped: undo the one, escape the others.
  const encoded = encodeURIComponent(key).replaceAll('%2F', '/')
  return SUB_DELIMITERS.test(encoded) ? encoded.replace(SUB_DELIMITERS_ALL, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`) : encoded
}

const UNRESERVED = /^[A-Za-z0-9\-_.~/]*$/
const SUB_DELIMITERS = /[!'()*]/
const SUB_DELIMITERS_ALL = /[!'()*]/g
