import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import { resolveParams } from '@smithy/core/endpoints'

/** Where a bucket's requests go in one Region, as the SDK's endpoint rules say, and how to sign them. */
export interface BucketEndpoint {
  protocol: string
  hostname: string
  port: number | undefined
  /** The bucket's path, ending in `/`: `/` for virtual-hosted style, `/bucket/` for path style. */
  path: string
  /** The `host` header the request is signed with (hostname, and the port when the URL has one). */
  host: string
  signingRegion: string
}

/** Why the lean path cannot serve a bucket: the SDK path does. */
export interface Unsupported {
  unsupported: string
}

/**
 * The endpoint of `bucket` in `region`, from the client's own endpoint rules
 * (`s3.config.endpointProvider`) with the rule parameters the SDK gives a ListObjectsV2 of that bucket
 * (`resolveParams`: the custom endpoint and AWS_ENDPOINT_URL_S3, path or virtual-host style, FIPS,
 * dual-stack, Accelerate), so the lean path goes where the SDK would. Only plain SigV4 endpoints of
 * service `s3` are served: an access point, Object Lambda or Outposts ARN, a Multi-Region Access Point
 * (SigV4A) or a directory bucket (S3 Express session auth) goes through the SDK.
 */
export async function bucketEndpoint(s3: S3Client, bucket: string, region: string): Promise<BucketEndpoint | Unsupported> {
  if (bucket.startsWith('arn:')) return { unsupported: `the bucket ${bucket} is an ARN (an access point, Object Lambda or Outposts)` }
  if (s3.config.bucketEndpoint) return { unsupported: 'the client takes a whole endpoint URL as the bucket (bucketEndpoint)' }
  let url: URL
  let scheme: { name?: string; signingName?: string; signingRegion?: string } | undefined
  let headers: Record<string, unknown> | undefined
  try {
    const params = (await resolveParams({ Bucket: bucket }, ListObjectsV2Command as never, s3.config as never)) as Record<string, unknown>
    params.Region = region
    const endpoint = s3.config.endpointProvider(params as never)
    url = endpoint.url
    scheme = (endpoint.properties?.authSchemes as Array<typeof scheme> | undefined)?.[0]
    headers = endpoint.headers
  } catch (error) {
    // The SDK path fails the same way, with the SDK's own message.
    return { unsupported: `the SDK's endpoint rules refused it (${error instanceof Error ? error.message : String(error)})` }
  }
  if (scheme?.name !== 'sigv4' || scheme.signingName !== 's3') return { unsupported: `its endpoint wants ${scheme?.name ?? 'no'} signing for ${scheme?.signingName ?? 'no service'}, not SigV4 for s3` }
  if (headers !== undefined && Object.keys(headers).length > 0) return { unsupported: 'its endpoint adds headers of its own' }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { unsupported: `its endpoint's scheme is ${url.protocol}` }
  const port = url.port === '' ? undefined : Number(url.port)
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port,
    path: url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`,
    // As the SDK's host header middleware writes it.
    host: port === undefined ? url.hostname : `${url.hostname}:${port}`,
    signingRegion: scheme.signingRegion ?? region,
  }
}
