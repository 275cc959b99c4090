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
  return key.split('/').map(encodeSegment).join('/')
}

function encodeSegment(segment: string): string {
  // encodeURIComponent leaves ! ' ( ) * unescaped; escape them too.
  return encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
}
