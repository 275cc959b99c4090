import { S3ServiceException } from '@aws-sdk/client-s3'
import type { HttpResponse } from '@smithy/core/transport'
import { decodeEntities, elementText as rawElementText } from '../../util/xml-text.js'

/**
 * An S3 error answer as the SDK would throw it: an S3ServiceException whose `name` is S3's error
 * Code, with `$fault`, `$metadata` (httpStatusCode, request IDs) and `$response` (the headers:
 * x-amz-bucket-region, Date, Retry-After), so that awsErrorCode, httpStatus, isTransient,
 * isCredentialError and the SDK's retry classification read it as they read the SDK's. The body is
 * S3's `<Error><Code>…</Code><Message>…</Message>…</Error>` (S3 API Reference, Error responses); an
 * answer without one (a HEAD, a proxy's page) is named as the SDK names it: NotFound for 404,
 * otherwise UnknownError.
 */
export function s3Error(response: HttpResponse, body: string): S3ServiceException {
  const status = response.statusCode
  const code = elementText(body, 'Code') ?? (status === 404 ? 'NotFound' : 'UnknownError')
  const message = elementText(body, 'Message') ?? (code === 'UnknownError' ? `HTTP ${status}: ${body.slice(0, 200) || 'no body'}` : code)
  const requestId = response.headers['x-amz-request-id'] ?? elementText(body, 'RequestId')
  const extendedRequestId = response.headers['x-amz-id-2'] ?? elementText(body, 'HostId')
  const error = new S3ServiceException({
    name: code,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, ...(requestId ? { requestId } : {}), ...(extendedRequestId ? { extendedRequestId } : {}) },
  })
  // Not enumerable, as the SDK's: a logged error does not print every header.
  Object.defineProperty(error, '$response', { value: response, enumerable: false, writable: true, configurable: true })
  return error
}

/** The header value of `name` (lower case, as Node gives them). */
export function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name]
  return value === undefined || value === '' ? undefined : value
}

/** An element's text, its entities decoded. */
function elementText(xml: string, name: string): string | undefined {
  const text = rawElementText(xml, name)
  return text === undefined ? undefined : decodeEntities(text)
}

/**
 * The clock offset (server time − local time) a response's Date header gives, as the SDK's SigV4
 * signer computes it (@aws-sdk/core getUpdatedSystemClockOffset): unchanged when the header is
 * missing or unreadable, when the answer came from a cache (an Age header), or when it took over 15
 * minutes to come. S3 refuses a request whose time is over 15 minutes off (RequestTimeTooSkewed;
 * SigV4: Authenticating requests, x-amz-date), so requests are signed at local time + offset.
 */
export function clockOffsetFrom(response: HttpResponse, currentOffset: number, requestSentAt: number): number {
  const date = header(response, 'date')
  if (date === undefined || header(response, 'age') !== undefined) return currentOffset
  const serverTime = Date.parse(date)
  const now = Date.now()
  if (Number.isNaN(serverTime) || now - requestSentAt > 900_000) return currentOffset
  return serverTime - now
}
