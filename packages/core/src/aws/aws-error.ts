import { AwsCallError } from '../errors.js'

/** The AWS error code of an SDK error (its `name`), or undefined for anything else. */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const name = (error as { name?: string }).name
  // Credential errors come from the SDK itself, before any request, so they carry no $metadata.
  if (name === 'CredentialsProviderError') return name
  return '$metadata' in error ? name : undefined
}

export function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode
}

/** Wraps an SDK error in an AwsCallError whose message says what failed and how to fix it. */
export function wrapAwsError(error: unknown, operation: string, what: string, fix?: string): AwsCallError {
  const code = awsErrorCode(error) ?? 'Error'
  const detail = error instanceof Error ? error.message : String(error)
  const hint = fix ?? FIXES[code] ?? ''
  return new AwsCallError(`${what} failed: ${code}: ${detail}${hint ? `. ${hint}` : ''}`, operation, code, { cause: error })
}

const FIXES: Record<string, string> = {
  AccessDenied: 'Check that your credentials allow this call (see the README for the IAM permissions s3-seed needs)',
  NoSuchBucket: 'Check the bucket name and that it exists in this account',
  CredentialsProviderError: 'Configure AWS credentials (environment variables, --profile, or SSO login)',
  InvalidAccessKeyId: 'Check your AWS credentials',
  ExpiredToken: 'Refresh your AWS credentials',
}
