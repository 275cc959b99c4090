import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { FaultRegistry } from './faults/registry.js'
import { applyHttpFault } from './gateway-faults.js'
import { readBody, type SandboxRequest, type SandboxResponse } from './http-request.js'
import { objectKeyOf, operationName, serviceOf } from './operation-name.js'
import { errorResponse, handleS3Control, s3ControlOperation, type S3ControlContext } from './s3control/handlers.js'

export interface GatewayOptions {
  host: string
  port: number
  motoPort: number
  faults: FaultRegistry
  s3Control: S3ControlContext
  admin: (request: SandboxRequest) => Promise<SandboxResponse>
}

const NO_BODY = Buffer.alloc(0)

/**
 * One endpoint for everything: `/v20180820/jobs...` is our S3 Batch Operations service,
 * `/_sandbox/...` the admin API, and every other request (S3, IAM, STS, KMS) is proxied to moto
 * unchanged (the Host header included, so SigV4 signatures still verify when IAM enforcement is
 * on). Every request but the admin API is named and offered to the fault registry, which counts it.
 */
export async function startGateway(options: GatewayOptions): Promise<{ server: Server; port: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const server = createServer((request, response) => {
    route(request, response, options, agent).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) send(response, errorResponse(500, 'InternalError', String(error), randomUUID()))
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
  const rawUrl = request.url ?? '/'
  const url = new URL(rawUrl, 'http://sandbox')
  const method = request.method ?? 'GET'
  if (url.pathname.startsWith('/_sandbox/')) {
    const body = await readBody(request)
    return send(response, await options.admin({ method, path: url.pathname, query: url.searchParams, headers: request.headers, body }))
  }
  const service = serviceOf(url.pathname, request.headers)
  // S3 bodies (object data) stream through; other services' requests are small and read whole.
  const body = service === 's3' ? undefined : await readBody(request)
  const sandboxRequest: SandboxRequest = { method, path: url.pathname, query: url.searchParams, headers: request.headers, body: body ?? NO_BODY }
  const operation = service === 's3control' ? s3ControlOperation(method, url.pathname) : operationName(sandboxRequest)
  const key = service === 's3' ? objectKeyOf(rawUrl.split('?')[0] as string) : undefined
  const fault = options.faults.take(operation, key)
  if (fault !== undefined && (await applyHttpFault(fault, service, request, response))) return
  if (service === 's3control') return send(response, await handleS3Control(sandboxRequest, options.s3Control))
  proxy(request, response, body, options.motoPort, agent)
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

function send(response: ServerResponse, result: SandboxResponse): void {
  response.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) })
  response.end(result.body)
}
