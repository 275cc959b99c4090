import { IAMClient } from '@aws-sdk/client-iam'
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { S3ControlClient } from '@aws-sdk/client-s3-control'
import { STSClient } from '@aws-sdk/client-sts'

/**
 * The AWS clients s3-seed uses. S3 and S3 Control are per Region: bucket Regions differ, and a copy
 * job must be created in the destination bucket's Region (UG batch-ops-copy-object).
 */
export interface SeedClients {
  s3(region: string): S3Client
  s3control(region: string): S3ControlClient
  iam: IAMClient
  sts: STSClient
  /** Region used for calls that are not tied to a bucket (STS, the first GetBucketLocation). */
  defaultRegion: string
}

export interface CreateClientsOptions {
  /** Default Region. Default: us-east-1. */
  region?: string
  /** Named profile from the shared AWS config files. Default: AWS_PROFILE or `default`. */
  profile?: string
  /** Credentials or a provider. Default: the SDK's default chain (env, profile, SSO, IMDS...). */
  credentials?: S3ClientConfig['credentials']
  /** Custom endpoints, e.g. a local sandbox. Unset services use AWS. */
  endpoints?: { s3?: string; s3control?: string; iam?: string; sts?: string }
  /** Attempts per call, including the first. Default: 5 (adaptive retry). */
  maxAttempts?: number
}

/** Builds the clients with one cache per Region. */
export function createClients(options: CreateClientsOptions = {}): SeedClients {
  const defaultRegion = options.region ?? 'us-east-1'
  // In SDK client configs a key set to undefined is not always the same as no key (an undefined
  // endpointProvider replaces the default one), so only what was given is passed.
  const common = {
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'adaptive',
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  }
  const endpoints = options.endpoints ?? {}
  const s3Clients = new Map<string, S3Client>()
  const controlClients = new Map<string, S3ControlClient>()
  return {
    defaultRegion,
    s3(region) {
      let client = s3Clients.get(region)
      if (client === undefined) {
        client = new S3Client({
          ...common,
          region,
          ...(endpoints.s3 === undefined ? {} : { endpoint: endpoints.s3, forcePathStyle: true }),
        })
        s3Clients.set(region, client)
      }
      return client
    },
    s3control(region) {
      let client = controlClients.get(region)
      if (client === undefined) {
        const endpoint = endpoints.s3control
        client = new S3ControlClient({
          ...common,
          region,
          // S3 Control's endpoint rules prepend "{AccountId}." to the host, which breaks a custom
          // endpoint on an IP or localhost; a fixed endpointProvider keeps the URL as given.
          ...(endpoint === undefined ? {} : { endpointProvider: () => ({ url: new URL(endpoint) }) }),
        })
        controlClients.set(region, client)
      }
      return client
    },
    iam: new IAMClient({ ...common, region: defaultRegion, ...(endpoints.iam === undefined ? {} : { endpoint: endpoints.iam }) }),
    sts: new STSClient({ ...common, region: defaultRegion, ...(endpoints.sts === undefined ? {} : { endpoint: endpoints.sts }) }),
  }
}
