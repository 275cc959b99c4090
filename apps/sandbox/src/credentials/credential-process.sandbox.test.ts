import { ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Sandbox } from '../sandbox.js'
import { awsCli, independentClientEnv } from '../test-support/cli.js'
import { createBucket, testClients } from '../test-support/clients.js'
import { credentialProcessCommand, credentialProcessScript } from '../test-support/credential-process.js'
import { useSandbox } from '../testing.js'

const run = promisify(execFile)

let sandbox: Sandbox
useSandbox((started) => (sandbox = started))
afterEach(() => {
  vi.unstubAllEnvs()
})

/** Runs the credential_process executable as a profile would; its exit code, stdout and stderr. */
async function credentialProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [credentialProcessScript(), ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  )
}

/** An AWS config file with one profile whose credentials come from the executable (lifetime in seconds). */
function configWithProfile(profile: string, lifetimeSeconds: number): string {
  const dir = mkdtempSync(join(tmpdir(), 's3-seed-credential-process-config-'))
  const config = join(dir, 'config')
  writeFileSync(config, `[profile ${profile}]\ncredential_process = ${credentialProcessCommand(sandbox.endpoint, lifetimeSeconds)}\n`)
  return config
}

describe('credential-process.js', () => {
  it('prints the credential_process document, with credentials that work', async () => {
    const started = Date.now()
    const { code, stdout } = await credentialProcess(sandbox.endpoint, '30')
    expect(code).toBe(0)
    const document = JSON.parse(stdout)
    expect(Object.keys(document)).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'])
    expect(document).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/), Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/) })
    const expiresIn = Date.parse(document.Expiration) - started
    expect(expiresIn).toBeGreaterThanOrEqual(30_000)
    expect(expiresIn).toBeLessThan(40_000)
    const sts = new STSClient({
      region: sandbox.region,
      endpoint: sandbox.endpoint,
      maxAttempts: 1,
      credentials: { accessKeyId: document.AccessKeyId, secretAccessKey: document.SecretAccessKey, sessionToken: document.SessionToken },
    })
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${sandbox.accountId}:user/sandbox-admin`)
  })

  it.each([
    [[], /^Usage: credential-process\.js <sandbox endpoint> <lifetimeSeconds> \[accountId\]/],
    [['http://127.0.0.1:1', 'soon'], /<lifetimeSeconds> must be a number of seconds above 0, not "soon"/],
    [['not a url', '5'], /<sandbox endpoint> must be a URL such as http:\/\/127\.0\.0\.1:4566, not "not a url"/],
    [['http://127.0.0.1:1', '5'], /The sandbox at http:\/\/127\.0\.0\.1:1 did not answer .*; is it running\?/],
  ])('exits 1 and says why for arguments %j', async (args, reason) => {
    const { code, stdout, stderr } = await credentialProcess(...args)
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
    expect(stderr).toMatch(reason)
  })

  it("relays the sandbox's refusal", async () => {
    const { code, stderr } = await credentialProcess(sandbox.endpoint, '5', '999999999999')
    expect(code).toBe(1)
    expect(stderr).toMatch(/^The sandbox refused to issue credentials \(400\): .*has no account "999999999999"/)
  })

  // The SDK treats credentials as expired 5 minutes before their Expiration (@smithy/core
  // EXPIRATION_MS, credential-provider-node's credentialsTreatedAsExpired), so with 2-second
  // credentials it runs the process again for (almost) every request, in the background while the
  // ones it has are still valid, and waits for new ones once they are not.
  it('keeps an SDK client on a credential_process profile working across expiries', { timeout: 120_000 }, async () => {
    await createBucket(testClients(sandbox).s3, 'refreshed')
    // 4-second credentials: under load, starting the process can take a good part of a second or two,
    // and the SDK refuses credentials that arrive already expired.
    vi.stubEnv('AWS_CONFIG_FILE', configWithProfile('sandbox-expiring', 4))
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(tmpdir(), 's3-seed-no-such-credentials-file'))
    const s3 = new S3Client({ profile: 'sandbox-expiring', region: sandbox.region, endpoint: sandbox.endpoint, forcePathStyle: true, maxAttempts: 1 })
    const signedWith: Array<{ accessKeyId: string; sessionToken: string }> = []
    s3.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers: Record<string, string> }).headers
        const accessKeyId = /Credential=([^/]+)\//.exec(headers.authorization ?? '')?.[1] ?? ''
        signedWith.push({ accessKeyId, sessionToken: headers['x-amz-security-token'] ?? '' })
        return next(args)
      },
      { step: 'deserialize', name: 'recordAccessKey' },
    )

    const started = Date.now()
    let writes = 0
    // Write until three sets of 4-second credentials have signed (at most a minute on a loaded
    // machine), and at least 9 s: no one set covers that, so two have expired on the way.
    const distinct = () => new Set(signedWith.map((signed) => signed.accessKeyId)).size
    while ((distinct() < 3 || Date.now() - started < 9_000) && Date.now() - started < 60_000) {
      await s3.send(new PutObjectCommand({ Bucket: 'refreshed', Key: `k${writes}`, Body: 'x' }))
      writes++
      await sleep(250)
    }
    expect(signedWith).toHaveLength(writes)
    const keys = [...new Set(signedWith.map((signed) => signed.accessKeyId))]
    expect(keys.length).toBeGreaterThanOrEqual(3)
    expect(keys.every((key) => key.startsWith('ASIA'))).toBe(true)

    // The first set has expired by now: the client kept working only because it took new ones. (The
    // gateway refuses an expired session before any signature check, so the secret does not matter.)
    const first = signedWith[0] as { accessKeyId: string; sessionToken: string }
    const expired = testClients(sandbox, sandbox.region, { credentials: { ...first, secretAccessKey: 'x'.repeat(40) } }).s3
    await expect(expired.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' })
  })

  it('gives the AWS CLI credentials through a profile', { timeout: 120_000 }, async () => {
    // Without the admin's keys: botocore prefers environment credentials to the profile's.
    const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, ...clientEnv } = independentClientEnv(sandbox)
    const env = { ...clientEnv, AWS_PROFILE: 'sandbox-expiring', AWS_CONFIG_FILE: configWithProfile('sandbox-expiring', 60) }
    const identity = await awsCli(env, 'sts', 'get-caller-identity')
    expect(identity.Arn).toBe(`arn:aws:iam::${sandbox.accountId}:user/sandbox-admin`)
  })
})
