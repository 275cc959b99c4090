import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultRegistry, InjectedFault } from './faults.js'
import { credentialScope, readBody, type SandboxRequest, type SandboxResponse } from './http-request.js'
import { operationName } from './operation-name.js'
import { errorResponse, escapeXml, handleS3Control, type S3ControlContext } from './s3control/handlers.js'

export interface GatewayOptions {
  host: string
  port: number
  motoPort: number
  faults: FaultRegistry
  s3Control: S3ControlContext
  admin: (request: SandboxRequest) => Promise<SandboxResponse>
}

/**
 * One endpoint for everything: `/v20180820/jobs...` is our S3 Batch Operations service,
 * `/_sandbox/...` the admin API, and every other request is proxied to moto unchanged (the Host
 * header included, so SigV4 signatures still verify when IAM enforcement is on). Faults can be
 * injected into any of them by operation name.
 */
export async function startGateway(options: GatewayOptions): Promise<{ server: Server; port: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const server = createServer((request, response) => {
    route(request, response, options, agent).catch((error: unknown) => {
      if (!response.headersSent) send(response, errorResponse(500, 'InternalError', String(error), randomUUID()))
      else response.destroy()
    })
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  server.on('close', () => agent.destroy())
  return { server, port }
}

async function route(request: IncomingMessage, response: ServerResponse, options: GatewayOptions, agent: Agent): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sandbox')
  const isControl = url.pathname.startsWith('/v20180820/')
  const isAdmin = url.pathname.startsWith('/_sandbox/')
  const hasFaults = options.faults.list().length > 0
  if (!isControl && !isAdmin && !hasFaults) {
    proxy(request, response, undefined, options.motoPort, agent)
    return
  }
  const sandboxRequest: SandboxRequest = {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body: await readBody(request),
  }
  if (isAdmin) return send(response, await options.admin(sandboxRequest))
  if (isControl) return send(response, await handleS3Control(sandboxRequest, options.s3Control))
  const fault = options.faults.take(operationName(sandboxRequest))
  if (fault?.delayMs) await sleep(fault.delayMs)
  if (fault?.error) return send(response, motoStyleError(sandboxRequest, fault.error))
  proxy(request, response, sandboxRequest.body, options.motoPort, agent)
}

function proxy(request: IncomingMessage, response: ServerResponse, body: Buffer | undefined, motoPort: number, agent: Agent): void {
  const upstream = httpRequest(
    { host: '127.0.0.1', port: motoPort, method: request.method, path: request.url, headers: request.headers, agent },
    (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers)
      upstreamResponse.pipe(response)
    },
  )
  upstream.on('error', (error) => {
    if (!response.headersSent) send(response, errorResponse(502, 'BadGateway', `moto did not answer: ${error.message}`, randomUUID()))
    else response.destroy()
  })
  if (body === undefined) request.pipe(upstream)
  else upstream.end(body)
}

/** An injected error in the format of the service the request was for (S3 REST-XML, or IAM/STS Query). */
function motoStyleError(request: SandboxRequest, fault: InjectedFault): SandboxResponse {
  const requestId = randomUUID()
  const { service } = credentialScope(request.headers)
  const inner = `<Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message>`
  const body =
    service === 'iam' || service === 'sts'
      ? `<ErrorResponse><Error><Type>${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type>${inner}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`
      : `<Error>${inner}<RequestId>${requestId}</RequestId></Error>`
  return {
    status: fault.status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    // HEAD responses carry no body; the status alone tells the client what happened.
    body: request.method === 'HEAD' ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  }
}

function send(response: ServerResponse, result: SandboxResponse): void {
  response.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) })
  response.end(result.body)
}
