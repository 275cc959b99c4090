import type { MotoAccess } from './aws-clients.js'

/** An error answer of one of the sandbox's private moto routes (`/moto-api/s3-seed/...`). */
export class MotoRouteError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Calls a private route the sandbox adds to moto (moto/s3seed_replication.py, moto/s3seed_kms.py,
 * moto/s3seed_accounts.py):
 * JSON in, JSON out, no signature, like the rest of /moto-api. Throws MotoRouteError on an error answer.
 */
export async function postMotoRoute(access: Pick<MotoAccess, 'endpoint'>, route: string, payload: object): Promise<unknown> {
  const response = await fetch(`${access.endpoint}/moto-api/s3-seed/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  })
  const text = await response.text()
  let body: { code?: string; message?: string } = {}
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    // moto answers an HTML page when the route itself crashed; keep the status.
  }
  if (!response.ok) {
    throw new MotoRouteError(body.code ?? 'InternalError', response.status, body.message ?? `moto /moto-api/s3-seed/${route} failed with ${response.status}`)
  }
  return body
}

/** postMotoRoute for a lookup: undefined when the route answers 404 (no such thing). */
export async function lookUpByMotoRoute(access: Pick<MotoAccess, 'endpoint'>, route: string, payload: object): Promise<unknown> {
  try {
    return await postMotoRoute(access, route, payload)
  } catch (error) {
    if (error instanceof MotoRouteError && error.httpStatus === 404) return undefined
    throw error
  }
}
