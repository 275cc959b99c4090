import type { CreateClientsOptions } from './clients.js'

/**
 * Client options from the standard AWS environment variables, for adapters to pass to
 * createClients: Region from AWS_REGION/AWS_DEFAULT_REGION, endpoints from
 * AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL (the sandbox, S3-compatible test setups), and keys
 * from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN when a named profile is not asked
 * for (as in the SDK's default chain). The environment is a parameter: core never reads process.env.
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
  if (overrides.profile !== undefined) options.profile = overrides.profile
  else if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    options.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    }
  }
  return options
}
