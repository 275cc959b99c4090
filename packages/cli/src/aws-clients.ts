import { createClients, type SeedClients } from '@s3-seed/core'
import type { GlobalOptions } from './args.js'

/**
 * Core's clients from the standard AWS configuration: --region, else AWS_REGION/AWS_DEFAULT_REGION;
 * --profile, else the default credential chain; endpoint overrides from AWS_ENDPOINT_URL_<SERVICE>
 * or AWS_ENDPOINT_URL (how the sandbox and S3-compatible test setups are reached).
 */
export function clientsFor(options: GlobalOptions, env: NodeJS.ProcessEnv): SeedClients {
  const endpoint = (service: string) => env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined
  const endpoints = {
    s3: endpoint('S3'),
    s3control: endpoint('S3_CONTROL'),
    iam: endpoint('IAM'),
    sts: endpoint('STS'),
  }
  // Keys in the given environment win, as in the SDK's default chain, unless --profile names others.
  const keys =
    options.profile === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}
  return createClients({
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...keys,
    endpoints: Object.fromEntries(Object.entries(endpoints).filter(([, url]) => url !== undefined)) as Record<string, string>,
  })
}
