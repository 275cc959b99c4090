import { AwsCallError, InvalidInputError, type ExitClass } from '@s3-seed/core/base'

/** Exit codes, as --help and the README document them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, aws: 3 } as const

export function exitCodeForError(error: Error): number {
  if (error instanceof InvalidInputError || error.name === 'CACError') return EXIT.usage
  if (error instanceof AwsCallError) return EXIT.aws
  return EXIT.aws
}

/** The exit code of a seeding run, from how core classified it (summarizeOutcome). */
export function exitCodeOf(exit: ExitClass): number {
  switch (exit) {
    case 'ok':
      return EXIT.ok
    case 'tasks-failed':
    case 'job-failed':
    case 'stopped':
      return EXIT.failed
    case 'invalid-input':
      return EXIT.usage
    case 'aws-error':
      return EXIT.aws
  }
}
