import type { MotoAccess } from '../aws-clients.js'
import { credentialScope, type SandboxRequest } from '../http-request.js'
import { accessRefusal } from '../iam/access-decision.js'
import { accessKeyOf, principalOf } from '../iam/access-facts.js'
import type { RequestContext } from '../iam/policy-evaluator.js'
import { S3ControlError } from './errors.js'

/** Checks that the signer of an S3 Control request may do `action` on `resource`; throws AccessDenied. */
export type PermitCaller = (request: SandboxRequest, action: string, resource: string, context?: RequestContext) => Promise<void>

/**
 * The caller's identity permissions for the Batch Operations API, checked with IAM enforcement on
 * (moto never sees these calls): `s3:CreateJob` on `*` and `iam:PassRole` on the job's role with
 * `iam:PassedToService` = `batchoperations.s3.amazonaws.com` (UG batch-ops-iam-role-policies: "the
 * same entity that creates the job must also have the iam:PassRole permission"; IAM UG
 * reference_policies_iam-condition-keys, iam:PassedToService), `s3:ListJobs` on `*`, and each job
 * operation's own action on the job's ARN (API Reference, the Permissions of each operation;
 * Service Authorization Reference, S3's `job` resource type). A job lives in the caller's account,
 * so its identity policies alone decide, with `aws:RequestedRegion` (the SigV4 scope's Region) in the
 * request context (IAM UG reference_policies_condition-keys). Unknown keys are refused too.
 */
export function callerPermissions(access: MotoAccess): PermitCaller {
  return async (request, action, resource, context = {}) => {
    if (!access.iamEnforcement) return
    const principal = await principalOf(access, accessKeyOf(request))
    if (principal === undefined) throw new S3ControlError('AccessDenied', 'The AWS access key ID you provided does not exist in our records.')
    const region = credentialScope(request.headers).region
    const requested = region === undefined ? {} : { 'aws:RequestedRegion': region }
    const refused = accessRefusal({ principal, action, resource, owner: principal.account, resourcePolicy: undefined, context: { ...requested, ...context } })
    if (refused !== undefined) throw new S3ControlError('AccessDenied', refused.message)
  }
}
