import type { S3Client } from '@aws-sdk/client-s3'

/**
 * How a client's list requests go out: `lean` (the default) through LeanS3 where it can serve the
 * bucket and the SDK otherwise; `sdk` always through the SDK's commands. `sdk` is the way back if a
 * setup works with the SDK but not the lean path, and lets the listing tests run on both.
 */
export type ListRequestPath = 'lean' | 'sdk'

export interface ListRequestChoice {
  path: ListRequestPath
  /** Hears why the lean path could not serve a bucket (the CLI's --verbose). */
  onNote: ((message: string) => void) | undefined
}

// Apart from the lean path itself, which loads the SDK's S3 client: createClients sets the choice
// when it makes a client, and must not load S3 before a command needs it (start-up, decisions §30).
const CHOSEN = new WeakMap<S3Client, ListRequestChoice>()

/**
 * Sends the list requests of `s3` by `path` from now on; `onNote` hears, once per reason, why the
 * lean path fell back to the SDK (createClients sets both from its options).
 */
export function useListRequests(s3: S3Client, path: ListRequestPath, onNote?: (message: string) => void): void {
  CHOSEN.set(s3, { path, onNote })
}

/** What was chosen for `s3`, if anything (else: lean, no notes). */
export function listRequestChoice(s3: S3Client): ListRequestChoice | undefined {
  return CHOSEN.get(s3)
}
