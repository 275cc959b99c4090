import { describe, expect, it } from 'vitest'
import type { SandboxRequest } from '../http-request.js'
import type { SandboxService } from '../operation-name.js'
import { sessionGate } from './session-refusal.js'
import type { SessionVerdict } from './sessions.js'

const KEY = 'ASIAEXAMPLESESSION01'
const TOKEN = 'FQoGZXIvYXdzEBYaD+token/with<xml>&chars'

function request(method: string, headers: SandboxRequest['headers'], query = ''): SandboxRequest {
  return { method, path: '/', query: new URLSearchParams(query), headers, body: Buffer.alloc(0) }
}

const signed = (token?: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${KEY}/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0`,
  ...(token === undefined ? {} : { 'x-amz-security-token': token }),
})

/** A gate whose sessions answer `verdict` for KEY with TOKEN, and record what they were asked. */
function gateAnswering(verdict: SessionVerdict | undefined) {
  const asked: Array<[string | undefined, string | undefined]> = []
  const gate = sessionGate({
    check: (accessKeyId, sessionToken) => {
      asked.push([accessKeyId, sessionToken])
      return verdict
    },
  })
  return { gate, asked }
}

describe('sessionGate', () => {
  it.each<[SandboxService, number, string, string, string]>([
    ['s3', 400, 'ExpiredToken', 'The provided token has expired.', 'application/xml'],
    ['s3control', 400, 'ExpiredToken', 'The provided token has expired.', 'application/xml'],
    ['iam', 403, 'ExpiredToken', 'The security token included in the request is expired', 'application/xml'],
    ['sts', 403, 'ExpiredToken', 'The security token included in the request is expired', 'application/xml'],
    ['kms', 400, 'ExpiredTokenException', 'The security token included in the request is expired', 'application/x-amz-json-1.1'],
  ])('refuses an expired session in %s as %i %s', (service, status, code, message, contentType) => {
    const refusal = gateAnswering('expired').gate(service, request('GET', signed(TOKEN)))
    expect(refusal).toMatchObject({ status, headers: { 'content-type': contentType } })
    const body = refusal?.body ?? ''
    if (service === 'kms') expect(JSON.parse(body)).toEqual({ __type: code, message })
    else expect(body).toContain(`<Code>${code}</Code><Message>${message}</Message>`)
  })

  it('renders each service its own error shape', () => {
    const { gate } = gateAnswering('expired')
    const body = (service: SandboxService) => gate(service, request('GET', signed(TOKEN)))?.body ?? ''
    // S3 names the expired token in <Token-0> (escaped); S3 Control's ErrorResponse and IAM/STS's don't.
    expect(body('s3')).toMatch(/^<\?xml[^>]*>\n<Error><Code>ExpiredToken<\/Code><Message>[^<]*<\/Message><Token-0>FQoGZXIvYXdzEBYaD\+token\/with&lt;xml&gt;&amp;chars<\/Token-0><RequestId>/)
    expect(body('s3control')).toMatch(/^<\?xml[^>]*>\n<ErrorResponse><Error><Code>ExpiredToken<\/Code>.*<\/Error><RequestId>[^<]+<\/RequestId><HostId>/)
    expect(body('iam')).toMatch(/<ErrorResponse><Error><Type>Sender<\/Type><Code>ExpiredToken<\/Code>/)
    expect(body('s3control')).not.toContain('Token-0')
    // A HEAD answer has no body: the status alone says it.
    expect(gate('s3', request('HEAD', signed(TOKEN)))).toMatchObject({ status: 400, body: '' })
  })

  it.each<[SandboxService, number, string]>([
    ['s3', 400, 'InvalidToken'],
    ['s3control', 400, 'InvalidToken'],
    ['iam', 403, 'InvalidClientTokenId'],
    ['sts', 403, 'InvalidClientTokenId'],
    ['kms', 400, 'UnrecognizedClientException'],
  ])('refuses a session key sent without its token in %s as %i %s', (service, status, code) => {
    const refusal = gateAnswering('invalid-token').gate(service, request('GET', signed()))
    expect(refusal?.status).toBe(status)
    expect(refusal?.body).toContain(code)
    expect(refusal?.body).not.toContain('Token-0')
  })

  it('lets valid sessions and keys that are no session through', () => {
    expect(gateAnswering('valid').gate('s3', request('GET', signed(TOKEN)))).toBeUndefined()
    expect(gateAnswering(undefined).gate('iam', request('POST', signed()))).toBeUndefined()
  })

  it('reads the access key and token from the headers, or from a presigned URL', () => {
    const { gate, asked } = gateAnswering('valid')
    gate('s3', request('GET', signed(TOKEN)))
    gate('s3', request('GET', {}, `X-Amz-Credential=${KEY}%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=${encodeURIComponent(TOKEN)}`))
    gate('s3', request('GET', {}))
    expect(asked).toEqual([
      [KEY, TOKEN],
      [KEY, TOKEN],
      [undefined, undefined],
    ])
  })
})
