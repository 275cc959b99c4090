import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { FaultRegistry } from './faults/registry.js'
import { applyHttpFault } from './gateway-faults.js'
import { readBody, type ObservedResponse, type ResponseObserver, type SandboxRequest, type SandboxResponse } from './http-request.js'
import { objectKeyOf, operationName, serviceOf, type SandboxService } from './operation-name.js'
import { errorResponse, handleS3Control, s3ControlOperation, type S3ControlContext } from './s3control/handlers.js'

export interface GatewayOptions {
  host: string
  port: number
  motoPort: number
  faults: FaultRegistry
  s3Control: S3ControlContext
  admin: (request: SandboxRequest) => Promise<SandboxResponse>
  /** Refuses a request signed with an expired session (or without its token) before anything else sees it. */
  authenticate?: (service: SandboxService, request: SandboxRequest) => SandboxResponse | undefined
  /** Checks an S3 request before moto sees it; an answer refuses it (the sandbox's access checks). */
  authorize?: (request: SandboxRequest) => Promise<SandboxResponse | undefined>
  /** Answers the IAM actions moto lacks (the policy simulator); undefined lets moto answer. */
  iam?: (operation: string, request: SandboxRequest) => Promise<SandboxResponse | undefined>
  /** Sees moto's answers to the S3 operations it wants before the client does (live replication). */
  observer?: ResponseObserver
}

const NO_BODY = Buffer.alloc(0)

/**
 * One endpoint for everything: `/v20180820/jobs...` is our S3 Batch Operations service,
 * `/_sandbox/...` the admin API, IAM's policy simulator is answered by the sandbox (`iam`), and
 * every other request (S3, IAM, STS, KMS) is proxied to moto unchanged (the Host header included,
 * so SigV4 signatures still verify when IAM enforcement is on). Every request but the admin API and
 * those refused for an expired session (`authenticate`) is named and offered to the fault registry,
 * which counts it.
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

/**
 * The path and query of a request as the client sent them. Not `new URL(...)`: WHATWG URL parsing
 * removes dot segments (RFC 3986 5.2.4), so the PutObject of key `../dotdot` (`PUT /source/../dotdot`)
 * became `PUT /dotdot`, a CreateBucket, and was neither replicated nor faultable by its name. S3 takes
 * every byte of a key literally, `.` and `..` segments included (UG object-keys), and so does moto,
 * which gets the request unchanged. An absolute-form target loses its scheme and authority only.
 */
export function requestTarget(url: string): { path: string; query: URLSearchParams } {
  const target = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, '')
  const mark = target.indexOf('?')
  const path = mark < 0 ? target : target.slice(0, mark)
  return { path: path === '' ? '/' : path, query: new URLSearchParams(mark < 0 ? '' : target.slice(mark + 1)) }
}

async function route(request: IncomingMessage, response: ServerResponse, options: GatewayOptions, agent: Agent): Promise<void> {
  const { path, query } = requestTarget(request.url ?? '/')
  const method = request.method ?? 'GET'
  if (path.startsWith('/_sandbox/')) {
    const body = await readBody(request)
    return send(response, await options.admin({ method, path, query, headers: request.headers, body }))
  }
  const service = serviceOf(path, request.headers)
  // S3 bodies (object data) stream through; other services' requests are small and read whole, and
  // so is DeleteObjects' list of keys, which the access checks read.
  const streams = service === 's3' && !(method === 'POST' && query.has('delete'))
  const body = streams ? undefined : await readBody(request)
  const sandboxRequest: SandboxRequest = { method, path, query, headers: request.headers, body: body ?? NO_BODY }
  const unauthenticated = options.authenticate?.(service, sandboxRequest)
  if (unauthenticated !== undefined) {
    if (body === undefined) request.resume() // the upload is not wanted, but must be read
    return send(response, unauthenticated)
  }
  const operation = service === 's3control' ? s3ControlOperation(method, path) : operationName(sandboxRequest)
  const key = service === 's3' ? objectKeyOf(path) : undefined
  const fault = options.faults.take(operation, key)
  if (fault !== undefined && (await applyHttpFault(fault, service, request, response))) return
  if (service === 's3control') return send(response, await handleS3Control(sandboxRequest, options.s3Control))
  const answered = service === 'iam' ? await options.iam?.(operation, sandboxRequest) : undefined
  if (answered !== undefined) return send(response, answered)
  const refused = service === 's3' ? await options.authorize?.(sandboxRequest) : undefined
  if (refused !== undefined) {
    if (body === undefined) request.resume() // the upload is not wanted, but must be read
    return send(response, refused)
  }
  const observer = options.observer
  const wants = service === 's3' ? observer?.wants(operation) : undefined
  let observe: Observe | undefined
  if (observer !== undefined && wants !== undefined) {
    observe = { needsBody: wants === 'body', run: (answer) => observer.observe(operation, { path, query }, answer) }
  }
  proxy(request, response, body, options.motoPort, agent, observe)
}

/** A looked-at answer: whether the body is read first, and what to tell the observer. */
interface Observe {
  needsBody: boolean
  run: (response: ObservedResponse) => Promise<void>
}

function proxy(request: IncomingMessage, response: ServerResponse, body: Buffer | undefined, motoPort: number, agent: Agent, observe?: Observe): void {
  const upstream = httpRequest(
    { host: '127.0.0.1', port: motoPort, method: request.method, path: request.url, headers: request.headers, agent },
    (upstreamResponse) => {
      const status = upstreamResponse.statusCode ?? 502
      const relay = (answer?: Buffer) => {
        response.writeHead(status, upstreamResponse.headers)
        if (answer === undefined) upstreamResponse.pipe(response)
        else response.end(answer)
      }
      if (observe === undefined) return relay()
      // The observer may delay the answer (live replication marks PENDING first) but never changes it.
      if (!observe.needsBody) {
        upstreamResponse.pause()
        void observe.run({ status, headers: upstreamResponse.headers }).catch(() => {}).finally(() => relay())
        return
      }
      void readBody(upstreamResponse).then(async (answer) => {
        await observe.run({ status, headers: upstreamResponse.headers, body: answer }).catch(() => {})
        relay(answer)
      }, () => response.destroy())
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
