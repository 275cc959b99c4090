import { explainPolicies, type PolicyDecision, type PolicyDocument, type PolicyExplanation, type RequestContext } from './policy-evaluator.js'
import { explainResourcePolicy, type Principal, type ResourceExplanation } from './resource-policy.js'

/** Why the sandbox refused something it checks itself: the status, code and message the service would answer. */
export interface Refusal {
  httpStatus: number
  errorCode: string
  message: string
}

/** One request against a resource that has an owner and may have a resource policy. */
export interface AccessRequest {
  principal: Principal
  action: string
  resource: string
  /** The account that owns the resource (the bucket's or the key's). */
  owner: string
  /** The bucket policy or key policy, if any. */
  resourcePolicy: PolicyDocument | undefined
  /** Condition keys of the request (the principal's and the owner's accounts are added). */
  context?: RequestContext
  /**
   * The context is all the request has: add no key. IAM's policy simulator evaluates only the
   * ContextEntries it is given (IAM API SimulatePrincipalPolicy, ContextEntries) [inferred: it
   * documents no key it fills in itself].
   */
  contextComplete?: boolean
  /**
   * Whether the identity policies were already checked by someone else for a same-account request
   * (moto does for S3 calls): then only an explicit Deny of the resource policy is left to apply.
   */
  identityChecked?: boolean
}

/**
 * The policy evaluation logic for a request (IAM User Guide reference_policies_evaluation-logic,
 * reference_policies_evaluation-logic-cross-account; S3 UG how-s3-evaluates-access-control): an
 * explicit Deny in either policy wins. Within one account, the identity policy or a resource policy
 * that names the principal itself is enough. Across accounts both must allow: the caller's own
 * identity policy, and the owner's resource policy naming the principal or its account.
 *
 * The request context carries `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:ResourceAccount`,
 * `s3:ResourceAccount` for S3 actions (IAM UG reference_policies_condition-keys; S3 UG
 * amazon-s3-policy-keys) and `kms:CallerAccount` for KMS actions (KMS DG conditions-kms).
 */
export function accessRefusal(request: AccessRequest): Refusal | undefined {
  const verdict = accessVerdict(request)
  return verdict.decision === 'allowed' ? undefined : refusal(request.principal, request.action, request.resource, verdict.reason)
}

/** A decision, the part each kind of policy had in it, and AccessDenied's reason when it is not `allowed`. */
export interface AccessVerdict {
  decision: PolicyDecision
  /** The identity policies' part; undefined when they were left to moto (identityChecked). */
  identity: PolicyExplanation | undefined
  resource: ResourceExplanation
  reason: string
}

/** accessRefusal's decision, explained (for IAM's policy simulator, iam/simulation/). */
export function accessVerdict(request: AccessRequest): AccessVerdict {
  const { principal, action, resource, owner } = request
  const context: RequestContext = request.contextComplete
    ? { ...request.context }
    : {
        'aws:PrincipalAccount': principal.account,
        'aws:PrincipalArn': principal.arn,
        'aws:ResourceAccount': owner,
        ...(action.startsWith('s3:') ? { 's3:ResourceAccount': owner } : {}),
        ...(action.startsWith('kms:') ? { 'kms:CallerAccount': principal.account } : {}),
        ...request.context,
      }
  const sameAccount = principal.account === owner
  const byResource = explainResourcePolicy(request.resourcePolicy, principal, action, resource, context)
  const byIdentity = sameAccount && request.identityChecked ? undefined : explainPolicies(principal.policies, action, resource, context)
  const verdict = (decision: PolicyDecision, reason = ''): AccessVerdict => ({ decision, identity: byIdentity, resource: byResource, reason })
  const noIdentityAllow = `because no identity-based policy allows the ${action} action`
  if (byResource.decision === 'explicitDeny') return verdict('explicitDeny', 'with an explicit deny in a resource-based policy')
  if (byIdentity === undefined) return verdict('allowed')
  if (byIdentity.decision === 'explicitDeny') return verdict('explicitDeny', 'with an explicit deny in an identity-based policy')
  if (sameAccount) {
    return byIdentity.decision === 'allowed' || byResource.decision === 'allowed' ? verdict('allowed') : verdict('implicitDeny', noIdentityAllow)
  }
  if (byResource.decision === 'implicitDeny') return verdict('implicitDeny', `because no resource-based policy allows the ${action} action`)
  return byIdentity.decision === 'allowed' ? verdict('allowed') : verdict('implicitDeny', noIdentityAllow)
}

/** The AccessDenied a service answers, worded as AWS words it (IAM UG troubleshoot_access-denied). */
export function refusal(principal: Pick<Principal, 'arn'>, action: string, resource: string, reason: string): Refusal {
  return {
    httpStatus: 403,
    errorCode: 'AccessDenied',
    message: `User: ${actorOf(principal.arn)} is not authorized to perform: ${action} on resource: "${resource}" ${reason}`,
  }
}

/** A role acts through a session: `arn:aws:sts::<account>:assumed-role/<name>/s3-seed-sandbox`. */
export function actorOf(arn: string): string {
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn)
  return role ? `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/s3-seed-sandbox` : arn
}
