import { S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { ConfiguredRetryStrategy } from '@smithy/core/retry'
import { HttpRequest } from '@smithy/core/transport'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AwsCallError } from '../../errors.js'
import { listPage } from '../../listing/list-page.js'
import { listVersionPage } from '../../listing/version-page.js'
import { wrapAwsError } from '../aws-error.js'
import { BucketOwners } from '../bucket-owners.js'
import { isCredentialError } from '../credential-error.js'
import { isTransient } from '../outage.js'
import { createClients } from '../clients.js'
import { leanS3For } from './list-requests.js'

// A local S3 stand-in that answers what a test queues (SlowDown, redirects, skewed clocks...) and
// records every request it receives, each checked against a signature the SDK's own signer computes
// from the request as received: the lean path must sign exactly what it sends.
interface Received {
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  /** The Region of the Authorization header's credential scope. */
  region: string
  signatureValid: boolean
}
type Answer = { status: number; body?: string; headers?: Record<string, string> }

const CREDENTIALS = { accessKeyId: 'AKIDLEAN', secretAccessKey: 'lean-secret' }
const PAGE = (keys: string[], truncated = false) =>
  `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><EncodingType>url</EncodingType><IsTruncated>${truncated}</IsTruncated>` +
  keys.map((key) => `<Contents><Key>${key}</Key><Size>1</Size></Contents>`).join('') +
  (truncated ? '<NextContinuationToken>next</NextContinuationToken>' : '') +
  '</ListBucketResult>'
const ERROR = (code: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} here</Message><RequestId>r1</RequestId></Error>`

let server: Server
let endpoint: string
const answers: Answer[] = []
const received: Received[] = []
const verifier = new S3Client({ region: 'us-east-1', credentials: CREDENTIALS })

beforeAll(async () => {
  server = createServer((request, response) => void answer(request, response))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', endpoint)
  const headers = request.headers as Record<string, string>
  const authorization = headers.authorization ?? ''
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\/aws4_request/.exec(authorization)
  const signedHeaders = (/SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? '').split(';')
  const date = headers['x-amz-date'] ?? ''
  // Sign the request as received with the SDK's signer, at its own date and Region.
  const signer = (await verifier.config.signer()) as unknown as { sign: (request: HttpRequest, options: object) => Promise<HttpRequest> }
  const resigned = await signer.sign(
    new HttpRequest({ method: request.method ?? 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: Object.fromEntries(url.searchParams), headers: Object.fromEntries(signedHeaders.map((name) => [name, headers[name] ?? ''])) }),
    { signingDate: new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`), signingRegion: scope?.[1] ?? '', signingService: 's3' },
  )
  received.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers, region: scope?.[1] ?? '', signatureValid: resigned.headers.authorization === authorization })
  const next = answers.shift() ?? { status: 200, body: PAGE(['a', 'b']) }
  response.writeHead(next.status, { 'content-type': 'application/xml', ...next.headers }).end(next.body ?? '')
}

/** A client as core's are made for a custom endpoint, retrying at once (1 ms) up to `attempts` times. */
function client(attempts = 3, region = 'us-east-1'): S3Client {
  return new S3Client({ region, endpoint, forcePathStyle: true, credentials: CREDENTIALS, retryStrategy: new ConfiguredRetryStrategy(attempts, 1) })
}

function reset(...queued: Answer[]): void {
  answers.splice(0, answers.length, ...queued)
  received.splice(0)
}

describe('lean list requests', () => {
  it('lists a page with a valid signature, the query the SDK would send, and no SDK middleware', async () => {
    reset()
    const s3 = client()
    let sdkRequests = 0
    s3.middlewareStack.add((next) => (args) => (sdkRequests++, next(args)), { step: 'finalizeRequest', name: 'countSdkRequests' })
    const page = await listPage(s3, { bucket: 'b', prefix: 'a b/', startAfter: 'ü+%', maxKeys: 7 })
    expect(page.objects.toObjects().map((object) => object.key)).toEqual(['a', 'b'])
    expect(received).toMatchObject([{ path: '/b/', query: { 'list-type': '2', 'encoding-type': 'url', prefix: 'a b/', 'start-after': 'ü+%', 'max-keys': '7' }, region: 'us-east-1', signatureValid: true }])
    expect(received[0]?.headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sdkRequests).toBe(0)
  })

  it('retries 503 SlowDown and 500 with the client retry strategy, and onResponse sees every attempt', async () => {
    reset({ status: 503, body: ERROR('SlowDown') }, { status: 500, body: ERROR('InternalError') })
    const statuses: number[] = []
    const page = await listPage(client(), { bucket: 'b', onResponse: (status) => statuses.push(status) })
    expect(page.objects).toHaveLength(2)
    expect(statuses).toEqual([503, 500, 200])
    expect(received.every((request) => request.signatureValid)).toBe(true)
  })

  it('follows a 301 to the Region S3 names in x-amz-bucket-region, signed for that Region', async () => {
    reset({ status: 301, body: ERROR('PermanentRedirect'), headers: { 'x-amz-bucket-region': 'eu-west-1' } })
    const s3 = client()
    await listPage(s3, { bucket: 'b' })
    expect(received.map((request) => [request.region, request.signatureValid])).toEqual([['us-east-1', true], ['eu-west-1', true]])
    // Later requests for the bucket go to its Region at once.
    await listPage(s3, { bucket: 'b' })
    expect(received[2]?.region).toBe('eu-west-1')
  })

  it('corrects the clock from a RequestTimeTooSkewed answer and signs the retry at the server time', async () => {
    const serverTime = new Date(Date.now() + 3_600_000)
    const date = { date: serverTime.toUTCString() }
    reset({ status: 403, body: ERROR('RequestTimeTooSkewed'), headers: date }, { status: 200, body: PAGE(['a']), headers: date })
    const s3 = client()
    await listPage(s3, { bucket: 'b' })
    expect(received).toHaveLength(2)
    const dates = received.map((request) => request.headers['x-amz-date'] ?? '')
    expect(Number(dates[1]?.slice(9, 11)) - Number(dates[0]?.slice(9, 11))).toBeOneOf([1, -23])
    expect(Math.abs(s3.config.systemClockOffset - 3_600_000)).toBeLessThan(5_000)
    expect(received[1]?.signatureValid).toBe(true)
  })

  it.each([
    ['AccessDenied', 403, false, false],
    ['ExpiredToken', 400, false, true],
    ['NoSuchBucket', 404, false, false],
    ['SlowDown', 503, true, false],
  ] as const)('throws %s as the SDK would: core classifies it as before', async (code, status, transient, credential) => {
    reset(...Array.from({ length: 3 }, () => ({ status, body: ERROR(code) })))
    const error = (await listPage(client(), { bucket: 'b' }).catch((caught: unknown) => caught)) as S3ServiceException
    expect(error).toBeInstanceOf(S3ServiceException)
    expect(error).toMatchObject({ name: code, message: `${code} here`, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, requestId: 'r1', attempts: transient ? 3 : 1 } })
    expect(received).toHaveLength(transient ? 3 : 1)
    expect(isTransient(error)).toBe(transient)
    expect(isCredentialError(error)).toBe(credential)
    const wrapped = wrapAwsError(error, 'ListObjectsV2', 'Listing b')
    expect(wrapped).toBeInstanceOf(AwsCallError)
    expect(wrapped.code).toBe(code)
  })

  it('names the pinned bucket owner in x-amz-expected-bucket-owner', async () => {
    reset()
    const s3 = client()
    const owners = new BucketOwners()
    owners.pinRequestsOf(s3)
    owners.pin('b', '111122223333', '--source-account')
    await listPage(s3, { bucket: 'b' })
    await listPage(s3, { bucket: 'other' })
    expect(received.map((request) => request.headers['x-amz-expected-bucket-owner'])).toEqual(['111122223333', undefined])
  })

  it('stops when its signal aborts during a retry delay', async () => {
    reset({ status: 503, body: ERROR('SlowDown') })
    const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS, retryStrategy: new ConfiguredRetryStrategy(3, 60_000) })
    const controller = new AbortController()
    const listing = listPage(s3, { bucket: 'b', signal: controller.signal, onResponse: () => setTimeout(() => controller.abort(new Error('stopped')), 10) })
    await expect(listing).rejects.toThrow('stopped')
  })

  it('falls back to the SDK for an access point ARN, or when asked to, and says why once (createClients: onNote, listRequests)', async () => {
    const notes: string[] = []
    const s3 = createClients({ endpoints: { s3: endpoint }, credentials: CREDENTIALS, onNote: (note) => notes.push(note) }).s3('us-east-1')
    expect(await leanS3For(s3, 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap')).toBeUndefined()
    expect(await leanS3For(s3, 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap')).toBeUndefined()
    expect(notes).toEqual([expect.stringContaining('is an ARN')])
    expect(await leanS3For(s3, 'b')).toBeDefined()
    const sdk = createClients({ endpoints: { s3: endpoint }, credentials: CREDENTIALS, listRequests: 'sdk' }).s3('us-east-1')
    expect(await leanS3For(sdk, 'b')).toBeUndefined()
    reset()
    let sdkRequests = 0
    sdk.middlewareStack.add((next) => (args) => (sdkRequests++, next(args)), { step: 'finalizeRequest', name: 'countSdkRequests' })
    await listPage(sdk, { bucket: 'b' })
    expect(sdkRequests).toBe(1)
    expect(received[0]?.signatureValid).toBe(true)
  })

  it('lists object versions and delete markers, markers decoded', async () => {
    const versions =
      '<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated><NextKeyMarker>a+b%25</NextKeyMarker><NextVersionIdMarker>v2</NextVersionIdMarker>' +
      '<Version><Key>a+b%25</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest><LastModified>2026-01-02T03:04:05.000Z</LastModified></Version>' +
      '<DeleteMarker><Key>c</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest><LastModified>2026-01-01T00:00:00.000Z</LastModified></DeleteMarker></ListVersionsResult>'
    reset({ status: 200, body: versions })
    const page = await listVersionPage(client(), { bucket: 'b', prefix: 'p', keyMarker: 'k 1', versionIdMarker: 'v0' })
    expect(received[0]).toMatchObject({ query: { versions: '', 'encoding-type': 'url', prefix: 'p', 'key-marker': 'k 1', 'version-id-marker': 'v0' }, signatureValid: true })
    expect(page).toEqual({
      entries: [
        { key: 'a b%', versionId: 'v1', isLatest: true, lastModified: new Date('2026-01-02T03:04:05.000Z'), deleteMarker: false },
        { key: 'c', versionId: 'v2', isLatest: false, lastModified: new Date('2026-01-01T00:00:00.000Z'), deleteMarker: true },
      ],
      isTruncated: true,
      nextKeyMarker: 'a b%',
      nextVersionIdMarker: 'v2',
    })
  })
})
