import type { MotoAccess } from './aws-clients.js'
import { faultResponse } from './gateway-faults.js'
import type { SandboxRequest, SandboxResponse } from './http-request.js'
import { accessKeyOf, principalOf } from './iam/access-facts.js'
import { s3RequestRefusal } from './iam/s3-access.js'

/**
 * The gateway's S3 access check (iam/s3-access.ts) for the signer of the request: undefined when
 * the request may go on to moto, else S3's error answer.
 */
export function s3AccessGate(access: MotoAccess): (request: SandboxRequest) => Promise<SandboxResponse | undefined> {
  return async (request) => {
    const refused = await s3RequestRefusal(access, request, () => principalOf(access, accessKeyOf(request)))
    if (refused === undefined) return undefined
    return faultResponse('s3', request.method, { status: refused.httpStatus, code: refused.errorCode, message: refused.message })
  }
}

/** The account whose access key signed a request (for S3 Control's x-amz-account-id); undefined if none has it. */
export function callerAccount(access: MotoAccess): (request: SandboxRequest) => Promise<string | undefined> {
  return async (request) => (await principalOf(access, accessKeyOf(request)))?.account
}
