/** One object a job acts on, as read from its manifest. */
export interface Task {
  bucket: string
  /** The key as written in the manifest (URL-encoded); reports repeat it as given. */
  manifestKey: string
  /** The decoded key, or undefined when the manifest's encoding is invalid (the task then fails). */
  key: string | undefined
  versionId?: string
}

export type TaskResult =
  | { status: 'succeeded'; httpStatus: number; message: string }
  | { status: 'failed'; httpStatus: number; errorCode: string; message: string }

/**
 * Decodes a manifest key. AWS documents manifest keys as URL-encoded
 * (UG batch-ops-create-job; inventory reports, which jobs also read, write a space as `+`),
 * so both `%20` and `+` decode to a space and a literal plus must arrive as `%2B`.
 */
export function decodeManifestKey(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '))
  } catch {
    return undefined
  }
}

/** The inverse used when the sandbox writes manifests: everything but unreserved characters and `/`. */
export function encodeManifestKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/')
}
