import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import type { ListPageInput } from './list-page-input.js'
import { ListPageParser, parseBody, type ParsedPage } from './page-parser.js'

const EMPTY_RESULT = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult></ListBucketResult>')

/**
 * One ListObjectsV2 page through the SDK's command (its signing, credentials, endpoint rules and
 * retries): the fallback of the lean path (list-page.ts), and the path `useListRequests(s3, 'sdk')` asks for;
 * but parsed with ListPageParser instead of the SDK's XML deserialiser. A middleware inside the
 * deserialiser takes a successful response's body, parses it, and hands the SDK an empty result to
 * deserialise; error responses pass through untouched, so the SDK's retry logic (SlowDown, 5xx)
 * still applies.
 */
export async function listPageThroughSdk(s3: S3Client, input: ListPageInput): Promise<ParsedPage> {
  const command = new ListObjectsV2Command({
    Bucket: input.bucket,
    EncodingType: 'url',
    ...(input.prefix ? { Prefix: input.prefix } : {}),
    ...(input.startAfter !== undefined && input.continuationToken === undefined ? { StartAfter: input.startAfter } : {}),
    ...(input.continuationToken ? { ContinuationToken: input.continuationToken } : {}),
    MaxKeys: input.maxKeys,
  })
  let page: ParsedPage | undefined
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args)
      const response = result.response as { statusCode?: number; body?: Readable }
      input.onResponse?.(response.statusCode ?? 0)
      if (response.statusCode === 200 && response.body) {
        page = await parseBody(response.body, new ListPageParser(input.etags ?? false, input.end, input.buffers))
        // Bytes rather than a stream: the SDK reads them without building a stream around them.
        ;(response as { body?: unknown }).body = new Uint8Array(EMPTY_RESULT)
      }
      return result
    },
    { step: 'deserialize', priority: 'low', name: 's3SeedFastListPage' },
  )
  await s3.send(command, input.signal ? { abortSignal: input.signal } : {})
  if (page === undefined) throw new Error(`ListObjectsV2 on ${input.bucket} returned no page`)
  return page
}
