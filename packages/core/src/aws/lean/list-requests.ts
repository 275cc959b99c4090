import type { S3Client } from '@aws-sdk/client-s3'
import { Client } from '@smithy/core/client'
import { LeanS3 } from './lean-s3.js'
import { listRequestChoice } from './list-request-choice.js'

const LEAN = new WeakMap<S3Client, Promise<LeanS3 | { unsupported: string }>>()
/** Fallback notes already given per client: each is said once. */
const NOTED = new WeakMap<S3Client, Set<string>>()

/**
 * The lean path for `bucket`'s list requests, or undefined when they go through the SDK: chosen so,
 * or the lean path cannot serve this client or bucket, which the client's `onNote` hears once per
 * reason (the CLI shows it under --verbose).
 */
export async function leanS3For(s3: S3Client, bucket: string): Promise<LeanS3 | undefined> {
  const chosen = listRequestChoice(s3)
  if (chosen?.path === 'sdk') return undefined
  let lean = LEAN.get(s3)
  if (lean === undefined) {
    lean = leanS3Of(s3)
    LEAN.set(s3, lean)
  }
  const client = await lean
  const endpoint = 'unsupported' in client ? client : await client.endpoint(bucket)
  if (!('unsupported' in endpoint)) return client as LeanS3
  const noted = NOTED.get(s3) ?? new Set<string>()
  NOTED.set(s3, noted)
  if (!noted.has(endpoint.unsupported)) {
    noted.add(endpoint.unsupported)
    chosen?.onNote?.(`Listing through the AWS SDK's commands rather than s3-seed's lean list requests: ${endpoint.unsupported}.`)
  }
  return undefined
}

/** The client's signer, handler and retry strategy, if the lean path can use them. */
async function leanS3Of(s3: S3Client): Promise<LeanS3 | { unsupported: string }> {
  const config = s3.config
  // A test double (aws-sdk-client-mock) replaces send(): requests must reach it, not the network.
  if (s3.send !== Client.prototype.send) return { unsupported: "the client's send() is replaced (a mock or a wrapper)" }
  const handler = config.requestHandler as unknown as { handle?: unknown; metadata?: { handlerProtocol?: string } }
  // The lean path reads a Node.js stream body: the SDK's Node.js HTTP/1.1 handler gives one.
  if (typeof handler.handle !== 'function' || handler.metadata?.handlerProtocol !== 'http/1.1') {
    return { unsupported: `the client's HTTP handler is not the SDK's Node.js HTTP/1.1 handler (${handler.metadata?.handlerProtocol ?? 'unknown'})` }
  }
  const retryStrategy = (await config.retryStrategy()) as unknown as Partial<ConstructorParameters<typeof LeanS3>[4]>
  if (typeof retryStrategy.acquireInitialRetryToken !== 'function' || typeof retryStrategy.refreshRetryTokenForRetry !== 'function') {
    return { unsupported: "the client's retry strategy is of the SDK's older kind" }
  }
  try {
    const signer = (await config.signer()) as unknown as ConstructorParameters<typeof LeanS3>[2]
    const skewCorrection = (await config.disableClockSkewCorrection?.()) !== true
    return new LeanS3(s3, await config.region(), signer, handler as ConstructorParameters<typeof LeanS3>[3], retryStrategy as ConstructorParameters<typeof LeanS3>[4], skewCorrection)
  } catch (error) {
    return { unsupported: `the client's signer or Region could not be read (${error instanceof Error ? error.message : String(error)})` }
  }
}
