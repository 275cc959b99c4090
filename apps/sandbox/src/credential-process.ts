#!/usr/bin/env node
/**
 * An AWS `credential_process` that gets temporary credentials from a running sandbox:
 *
 *   [profile sandbox-expiring]
 *   credential_process = node /path/to/apps/sandbox/dist/credential-process.js http://127.0.0.1:4566 3600 [accountId]
 *
 * It asks the sandbox's admin API (`POST /_sandbox/credentials {lifetimeSeconds, accountId}`) for
 * credentials of the account's admin and prints the document the credential_process contract asks
 * for on stdout (AWS CLI User Guide, cli-configure-sourcing-external; SDKs and Tools Reference Guide,
 * feature-process-credentials): `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken",
 * "Expiration": "<ISO 8601>"}`. On failure it prints why on stderr (never a secret) and exits 1.
 * SDKs run it again when Expiration comes near, so a client outlives each set of credentials.
 *
 * Only Node's built-ins and no relative import: tests run this very file, transpiled alone
 * (src/test-support/credential-process.ts).
 */

const USAGE = 'Usage: credential-process.js <sandbox endpoint> <lifetimeSeconds> [accountId]'

/** The credential_process document for argv (`<endpoint> <lifetimeSeconds> [accountId]`). Throws a readable Error. */
async function credentialDocument(argv: string[]): Promise<string> {
  const [endpoint, lifetime, accountId, ...rest] = argv
  if (endpoint === undefined || lifetime === undefined || rest.length > 0) throw new Error(USAGE)
  const lifetimeSeconds = Number(lifetime)
  if (!(lifetimeSeconds > 0)) throw new Error(`<lifetimeSeconds> must be a number of seconds above 0, not "${lifetime}". ${USAGE}`)
  let url: URL
  try {
    url = new URL('/_sandbox/credentials', endpoint)
  } catch {
    throw new Error(`<sandbox endpoint> must be a URL such as http://127.0.0.1:4566, not "${endpoint}". ${USAGE}`)
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lifetimeSeconds, ...(accountId === undefined ? {} : { accountId }) }),
  }).catch((error: unknown) => {
    throw new Error(`The sandbox at ${endpoint} did not answer (${error instanceof Error ? error.message : String(error)}); is it running?`)
  })
  const body = (await response.json().catch(() => ({}))) as Record<string, string | undefined>
  if (response.status !== 201) throw new Error(`The sandbox refused to issue credentials (${response.status}): ${body.error ?? 'no reason given'}`)
  return JSON.stringify({
    Version: 1,
    AccessKeyId: body.accessKeyId,
    SecretAccessKey: body.secretAccessKey,
    SessionToken: body.sessionToken,
    Expiration: body.expiration,
  })
}

try {
  process.stdout.write(`${await credentialDocument(process.argv.slice(2))}\n`)
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
