import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SandboxSessions } from './sessions.js'

// A stand-in for moto's session route (moto/s3seed_sessions.py), so the clock can be injected; the
// real route is exercised by temporary-credentials.sandbox.test.ts.
let server: Server
let endpoint: string
const requests: unknown[] = []

beforeAll(async () => {
  let issued = 0
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      requests.push({ path: request.url, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      issued++
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ accessKeyId: `ASIA${issued}`, secretAccessKey: `secret${issued}`, sessionToken: `token${issued}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

describe('SandboxSessions', () => {
  it('issues credentials that are valid until their expiration and expired from it on', async () => {
    let now = 1_700_000_000_000
    const sessions = new SandboxSessions({ endpoint, region: 'eu-west-1' }, () => now)
    const credentials = await sessions.issue('222222222222', 1.5)
    expect(requests.at(-1)).toEqual({ path: '/moto-api/s3-seed/session', body: { accountId: '222222222222', region: 'eu-west-1' } })
    expect(credentials.expiration).toEqual(new Date(1_700_000_001_500))
    const { accessKeyId, sessionToken } = credentials
    expect(sessions.check(accessKeyId, sessionToken)).toBe('valid')
    now += 1499
    expect(sessions.check(accessKeyId, sessionToken)).toBe('valid')
    now += 1
    expect(sessions.check(accessKeyId, sessionToken)).toBe('expired')
  })

  it('wants each session key with its own token, and leaves other keys alone', async () => {
    const sessions = new SandboxSessions({ endpoint, region: 'us-east-1' })
    const first = await sessions.issue('123456789012', 60)
    const second = await sessions.issue('123456789012', 60)
    expect(sessions.check(first.accessKeyId, undefined)).toBe('invalid-token')
    expect(sessions.check(first.accessKeyId, second.sessionToken)).toBe('invalid-token')
    expect(sessions.check('AKIAUSERKEY', undefined)).toBeUndefined()
    expect(sessions.check(undefined, first.sessionToken)).toBeUndefined()
    sessions.clear()
    expect(sessions.check(first.accessKeyId, first.sessionToken)).toBeUndefined()
  })

  it.each([0, -1, 129_601, Number.NaN, '60', undefined])('refuses a lifetime of %s seconds before asking moto', async (lifetime) => {
    const sessions = new SandboxSessions({ endpoint, region: 'us-east-1' })
    const before = requests.length
    await expect(sessions.issue('123456789012', lifetime as number)).rejects.toThrow(/"lifetimeSeconds" must be a number of seconds above 0 and at most 129600/)
    expect(requests.length).toBe(before)
  })
})
