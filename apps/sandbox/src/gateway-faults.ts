import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultDecision, InjectedFault } from './faults/registry.js'
import type { SandboxResponse } from './http-request.js'
import type { SandboxService } from './operation-name.js'
import { errorResponse, escapeXml } from './s3control/handlers.js'

/**
 * Applies a fault to one HTTP exchange. Returns true when the fault answered (or dropped) the
 * request, false when the request should go on to its service (a delay-only fault).
 * - error: the service's own error format (S3 REST-XML, S3 Control's ErrorResponse, IAM/STS Query, KMS JSON);
 * - reset: the TCP connection is reset (RST), so the client sees ECONNRESET;
 * - timeout: nothing is answered for `delayMs`, then the connection is dropped.
 */
export async function applyHttpFault(
  decision: FaultDecision,
  service: SandboxService,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (decision.kind === 'timeout') {
    request.resume() // keep reading what the client sends, as a stalled server would
    // Unreferenced, so a held request never keeps a stopping process alive.
    await sleep(decision.delayMs, undefined, { ref: false })
    dropConnection(request, response, false)
    return true
  }
  if (decision.delayMs > 0) await sleep(decision.delayMs, undefined, { ref: false })
  if (decision.kind === 'delay') return false
  if (decision.kind === 'reset') {
    dropConnection(request, response, true)
    return true
  }
  // Read the rest of the request first, so the error does not race the client's upload.
  if (!request.readableEnded) await drain(request)
  sendFault(response, service, request.method ?? 'GET', decision.error as InjectedFault)
  return true
}

function dropConnection(request: IncomingMessage, response: ServerResponse, reset: boolean): void {
  const socket = request.socket
  if (reset && typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy()
  else response.destroy()
}

async function drain(request: IncomingMessage): Promise<void> {
  for await (const _chunk of request) {
    // discarded
  }
}

function sendFault(response: ServerResponse, service: SandboxService, method: string, fault: InjectedFault): void {
  const result = faultResponse(service, method, fault)
  response.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) })
  response.end(result.body)
}

/**
 * An injected error in the format of the service the request was for. `details` are further
 * elements of S3's `<Error>` after its Message, as S3 adds some to some errors (ExpiredToken's
 * `<Token-0>`); the other services' formats have none.
 */
export function faultResponse(service: SandboxService, method: string, fault: InjectedFault, details: Record<string, string> = {}): SandboxResponse {
  const requestId = randomUUID()
  if (service === 's3control') return errorResponse(fault.status, fault.code, fault.message, requestId)
  if (service === 'kms') {
    return {
      status: fault.status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: fault.code, message: fault.message }),
    }
  }
  const inner = `<Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message>`
  const body =
    service === 'iam' || service === 'sts'
      ? `<ErrorResponse><Error><Type>${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type>${inner}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`
      : `<Error>${inner}${xmlElements(details)}<RequestId>${requestId}</RequestId></Error>`
  return {
    status: fault.status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    // HEAD responses carry no body; the status alone tells the client what happened.
    body: method === 'HEAD' ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  }
}

function xmlElements(elements: Record<string, string>): string {
  return Object.entries(elements)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('')
}
