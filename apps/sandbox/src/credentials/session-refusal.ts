import type { InjectedFault } from '../faults/registry.js'
import { faultResponse } from '../gateway-faults.js'
import type { SandboxRequest, SandboxResponse } from '../http-request.js'
import { accessKeyOf } from '../iam/access-facts.js'
import type { SandboxService } from '../operation-name.js'
import type { SandboxSessions, SessionVerdict } from './sessions.js'

type Refused = Exclude<SessionVerdict, 'valid'>

const S3_REFUSALS: Record<Refused, InjectedFault> = {
  expired: { status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' },
  'invalid-token': { status: 400, code: 'InvalidToken', message: 'The provided token is malformed or otherwise invalid.' },
}
const QUERY_REFUSALS: Record<Refused, InjectedFault> = {
  expired: { status: 403, code: 'ExpiredToken', message: 'The security token included in the request is expired' },
  'invalid-token': { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' },
}

/**
 * How each service refuses a session's request, in its own error format (gateway-faults.ts):
 * - S3: 400 ExpiredToken "The provided token has expired." and 400 InvalidToken (S3 API Reference,
 *   ErrorResponses, List of error codes); S3 adds the token as `<Token-0>` to ExpiredToken's body.
 * - S3 Control: the same codes and statuses in its ErrorResponse [inferred: its API Reference lists no
 *   authentication errors; S3 Control is served by S3's front end].
 * - IAM and STS (Query): 403, code ExpiredToken "The security token included in the request is
 *   expired" (IAM and STS API Reference, Common Errors, give 403 and call it ExpiredTokenException;
 *   the code on the wire, and the error the SDKs raise, is ExpiredToken), and 403
 *   InvalidClientTokenId for a wrong token (Common Errors).
 * - KMS (JSON): ExpiredTokenException and UnrecognizedClientException with status 400 [inferred
 *   from KMS answers as SDKs report them, e.g. getsops/sops#621; Common Errors says 403].
 */
const REFUSALS: Record<SandboxService, Record<Refused, InjectedFault>> = {
  s3: S3_REFUSALS,
  s3control: S3_REFUSALS,
  iam: QUERY_REFUSALS,
  sts: QUERY_REFUSALS,
  kms: {
    expired: { status: 400, code: 'ExpiredTokenException', message: 'The security token included in the request is expired' },
    'invalid-token': { status: 400, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' },
  },
}

/**
 * The gateway's session check, before anything else sees the request (fault rules and their counts
 * included: AWS authenticates a request before the service acts on it): undefined lets the request
 * go on, else the service's refusal of an expired session or of a session key sent without its token.
 * Requests signed with other keys are left to moto.
 */
export function sessionGate(sessions: Pick<SandboxSessions, 'check'>): (service: SandboxService, request: SandboxRequest) => SandboxResponse | undefined {
  return (service, request) => {
    const token = sessionTokenOf(request)
    const verdict = sessions.check(accessKeyOf(request), token)
    if (verdict === undefined || verdict === 'valid') return undefined
    const details = service === 's3' && verdict === 'expired' && token !== undefined ? { 'Token-0': token } : {}
    return faultResponse(service, request.method, REFUSALS[service][verdict], details)
  }
}

/** The session token of a SigV4 request: the `x-amz-security-token` header, or a presigned URL's query parameter. */
function sessionTokenOf(request: Pick<SandboxRequest, 'headers' | 'query'>): string | undefined {
  const header = request.headers['x-amz-security-token']
  return (Array.isArray(header) ? header[0] : header) ?? request.query.get('X-Amz-Security-Token') ?? undefined
}
