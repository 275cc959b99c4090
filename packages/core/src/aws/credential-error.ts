import { awsErrorCode } from './aws-error.js'
import { AwsCallError } from '../errors.js'

/**
 * Codes AWS answers when the request's credentials are no longer (or never were) valid: an expired
 * session token (S3 and S3 Control `ExpiredToken`, JSON services `ExpiredTokenException`; IAM UG
 * id_credentials_temp_use-resources), an unknown or revoked key (`InvalidClientTokenId`,
 * `InvalidAccessKeyId`), and the SDK's own `CredentialsProviderError` when a refresh fails (SSO,
 * web identity, credential_process). Retrying does not help; new credentials do.
 */
const CREDENTIAL_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'InvalidAccessKeyId', 'TokenRefreshRequired', 'CredentialsProviderError'])

export function isCredentialError(error: unknown): boolean {
  const code = error instanceof AwsCallError ? error.code : awsErrorCode(error)
  return code !== undefined && CREDENTIAL_CODES.has(code)
}
