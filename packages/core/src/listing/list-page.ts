import type { S3Client } from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import { leanS3For } from '../aws/lean/list-requests.js'
import type { ListPageInput } from './list-page-input.js'
import { listPageThroughSdk } from './list-page-sdk.js'
import { ListPageParser, parseBody, type ParsedPage } from './page-parser.js'

export type { ListPageInput } from './list-page-input.js'

/**
 * One ListObjectsV2 page, parsed as it arrives (ListPageParser). It goes out as a lean signed GET
 * (LeanS3: the SDK's signer, endpoint rules, HTTP handler and retry strategy, without its
 * per-request middleware, which cost about three quarters of a list request's CPU: decisions §29),
 * or through the SDK's command where the lean path cannot serve the client or the bucket, or
 * `useListRequests(s3, 'sdk')` asks for it.
 */
export async function listPage(s3: S3Client, input: ListPageInput): Promise<ParsedPage> {
  const lean = await leanS3For(s3, input.bucket)
  if (lean === undefined) return listPageThroughSdk(s3, input)
  const parse = (body: Readable) => parseBody(body, new ListPageParser(input.etags ?? false, input.end, input.buffers))
  return lean.get(input.bucket, listQuery(input), parse, input)
}

/**
 * The query of a ListObjectsV2 request (S3 API Reference, ListObjectsV2: URI request parameters),
 * as the SDK's command writes it. Keys come URL-encoded (encoding-type=url): in XML a key's \r would
 * come back as \n.
 */
function listQuery(input: ListPageInput): Record<string, string> {
  const query: Record<string, string> = { 'list-type': '2', 'encoding-type': 'url' }
  if (input.prefix) query.prefix = input.prefix
  // A continuation token carries where the listing is; start-after only starts it.
  if (input.continuationToken) query['continuation-token'] = input.continuationToken
  else if (input.startAfter) query['start-after'] = input.startAfter
  if (input.maxKeys !== undefined) query['max-keys'] = String(input.maxKeys)
  return query
}
