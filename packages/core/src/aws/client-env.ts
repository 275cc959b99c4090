import { InvalidInputError } from '../errors.js'
import type { CreateClientsOptions } from './clients.js'

/**
 * Client options from the standard AWS environment variables, for adapters to pass to
 * createClients: Region from AWS_REGION/AWS_DEFAULT_REGION, endpoints from
 * AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL (the sandbox, S3-compatible test setups), and keys
 * from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN when a named profile is not asked
 * for (as in the SDK's default chain), and S3_SEED_LIST_REQUESTS (`lean` or `sdk`: how list requests
 * go out). The environment is a parameter: core never reads process.env.
 */
export function clientOptionsFromEnv(env: Record<string, string | undefined>, overrides: { region?: string; profile?: string } = {}): CreateClientsOptions {
  const endpoint = (service: string) => env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined
  const endpoints: NonNullable<CreateClientsOptions['endpoints']> = {}
  for (const [key, service] of [['s3', 'S3'], ['s3control', 'S3_CONTROL'], ['iam', 'IAM'], ['sts', 'STS'], ['kms', 'KMS']] as const) {
    const url = endpoint(service)
    if (url !== undefined) endpoints[key] = url
  }
  const options: CreateClientsOptions = {
    region: overrides.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoints,
  }
  const listRequests = env.S3_SEED_LIST_REQUESTS || undefined
  if (listRequests !== undefined && listRequests !== 'lean' && listRequests !== 'sdk') {
    throw new InvalidInputError(`S3_SEED_LIST_REQUESTS is "${listRequests}": set it to sdk (list through the AWS SDK's commands) or lean (the default), or unset it`, 'S3_SEED_LIST_REQUESTS')
  }
  if (listRequests !== undefined) options.listRequests = listRequests
  // The SDK's own order: a named profile (--profile, else AWS_PROFILE) wins over keys in the
  // environment; without either, nothing is set and the SDK's default chain finds and refreshes the
  // credentials itself (SSO, web identity, credential_process, container and instance metadata).
  const profile = overrides.profile ?? (env.AWS_PROFILE || undefined)
  if (profile !== undefined) options.profile = profile
  else if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    // Keys in the environment, as the SDK's fromEnv reads them: they cannot refresh, and
    // AWS_CREDENTIAL_EXPIRATION says when they end (SDKs and Tools Reference Guide, environment variables).
    const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined
    options.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(expiration !== undefined && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
    }
  }
  return options
}
