import { AwsCallError, InvalidInputError } from '@s3-seed/core'

/** Exit codes, as --help and the README document them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, aws: 3 } as const

export function exitCodeForError(error: Error): number {
  if (error instanceof InvalidInputError || error.name === 'CACError') return EXIT.usage
  if (error instanceof AwsCallError) return EXIT.aws
  return EXIT.aws
}
