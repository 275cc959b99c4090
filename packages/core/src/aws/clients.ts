import type { IAMClient } from '@aws-sdk/client-iam'
import type { KMSClient } from '@aws-sdk/client-kms'
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3'
import type { S3ControlClient } from '@aws-sdk/client-s3-control'
import type { STSClient } from '@aws-sdk/client-sts'
import { BucketOwners } from './bucket-owners.js'
import { useListRequests, type ListRequestPath } from './lean/list-request-choice.js'
// Each SDK package is loaded when its first client is made (sdk-packages.cjs says why and how).
import sdk from './sdk-packages.cjs'

/**
 * The AWS clients s3-seed uses. S3 and S3 Control are per Region: bucket Regions differ, and a copy
 * job must be created in the destination bucket's Region (UG batch-ops-copy-object).
 */
export interface SeedClients {
  s3(region: string): S3Client
  s3control(region: string): S3ControlClient
  /** KMS in a key's Region: to resolve a key alias to the key's ARN. */
  kms(region: string): KMSClient
  iam: IAMClient
  sts: STSClient
  /** Region used for calls that are not tied to a bucket (STS, the first GetBucketLocation). */
  defaultRegion: string
  /** Who owns each bucket: once pinned, every S3 request to it carries ExpectedBucketOwner. */
  owners: BucketOwners
  /** The same clients (Region, endpoints) with a named profile's credentials: another account's. */
  forProfile(profile: string): SeedClients
}

export interface CreateClientsOptions {
  /** Default Region. Default: us-east-1. */
  region?: string
  /** Named profile from the shared AWS config files. Default: AWS_PROFILE or `default`. */
  profile?: string
  /** Credentials or a provider. Default: the SDK's default chain (env, profile, SSO, IMDS...). */
  credentials?: S3ClientConfig['credentials']
  /** Custom endpoints, e.g. a local sandbox. Unset services use AWS. */
  endpoints?: { s3?: string; s3control?: string; iam?: string; sts?: string; kms?: string }
  /** Attempts per call, including the first. Default: 5 (adaptive retry). */
  maxAttempts?: number
  /**
   * How list requests go out: `lean` (signed requests without the SDK's per-request middleware,
   * decisions §29) or `sdk` (the SDK's commands). Default: lean, falling back to the SDK per bucket
   * where it must.
   */
  listRequests?: ListRequestPath
  /** Hears notes for a verbose log, such as why list requests to a bucket fell back to the SDK. */
  onNote?: (message: string) => void
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
  const owners = new BucketOwners()
  let iam: IAMClient | undefined
  let sts: STSClient | undefined
  return {
    defaultRegion,
    owners,
    forProfile: (profile) => createClients({ ...options, profile, credentials: undefined }),
    s3: perRegion((region) => {
      const s3 = new (sdk.s3().S3Client)({ ...common, region, ...(endpoints.s3 === undefined ? {} : { endpoint: endpoints.s3, forcePathStyle: true }) })
      owners.pinRequestsOf(s3)
      useListRequests(s3, options.listRequests ?? 'lean', options.onNote)
      return s3
    }),
    s3control: perRegion((region) => {
      const endpoint = endpoints.s3control
      return new (sdk.s3control().S3ControlClient)({
        ...common,
        region,
        // S3 Control's endpoint rules prepend "{AccountId}." to the host, which breaks a custom
        // endpoint on an IP or localhost; a fixed endpointProvider keeps the URL as given.
        ...(endpoint === undefined ? {} : { endpointProvider: () => ({ url: new URL(endpoint) }) }),
      })
    }),
    kms: perRegion((region) => new (sdk.kms().KMSClient)({ ...common, region, ...(endpoints.kms === undefined ? {} : { endpoint: endpoints.kms }) })),
    // Made on first use, then the same client every time, as before when they were made up front.
    get iam() {
      return (iam ??= new (sdk.iam().IAMClient)({ ...common, region: defaultRegion, ...(endpoints.iam === undefined ? {} : { endpoint: endpoints.iam }) }))
    },
    get sts() {
      return (sts ??= new (sdk.sts().STSClient)({ ...common, region: defaultRegion, ...(endpoints.sts === undefined ? {} : { endpoint: endpoints.sts }) }))
    },
  }
}

/** One client per Region, made on first use. */
function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const clients = new Map<string, T>()
  return (region) => {
    let client = clients.get(region)
    if (client === undefined) {
      client = make(region)
      clients.set(region, client)
    }
    return client
  }
}
