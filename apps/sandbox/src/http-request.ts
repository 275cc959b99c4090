import type { IncomingMessage } from 'node:http'

/** What the sandbox's handlers need of an HTTP request, body already read. */
export interface SandboxRequest {
  method: string
  /** As sent: still percent-encoded, dot segments kept (gateway requestTarget). */
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: Buffer
}

export interface SandboxResponse {
  status: number
  headers?: Record<string, string>
  body: string
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Region and service from a SigV4 Authorization header's credential scope. */
export function credentialScope(headers: IncomingMessage['headers']): { region?: string; service?: string } {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(headers.authorization ?? '')
  return match ? { region: match[1] as string, service: match[2] as string } : {}
}

/**
 * Something that wants to see moto's answers to some S3 operations before the client does (live
 * replication marks new versions PENDING this way). `wants` says whether to look at an operation's
 * answer, and whether its body is needed; `observe` may not change the answer.
 */
export interface ResponseObserver {
  wants(operation: string): 'headers' | 'body' | undefined
  observe(
    operation: string,
    request: { path: string; query: URLSearchParams },
    response: ObservedResponse,
  ): Promise<void>
}

export interface ObservedResponse {
  status: number
  headers: IncomingMessage['headers']
  body?: Buffer
}
