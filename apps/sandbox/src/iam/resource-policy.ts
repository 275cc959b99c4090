import { accountRootArn } from '../arn.js'
import {
  conditionKeysOf,
  conditionsHold,
  listOf,
  lowerCaseKeys,
  statementsOf,
  targets,
  type PolicyDocument,
  type PolicyPrincipal,
  type RequestContext,
} from './policy-evaluator.js'

/** Who makes a request, as resource policies and the access decision see it. */
export interface Principal {
  account: string
  partition: string
  /** The IAM user's ARN, or for a role's session the role's ARN (a role ARN in a policy names its sessions). */
  arn: string
  /** Its identity-based policies. */
  policies: PolicyDocument[]
}

/**
 * What a resource policy (a bucket policy, a key policy) says of a request:
 * - `allowed`: an Allow names the principal itself (its ARN) or everyone (`*`);
 * - `accountAllowed`: an Allow names the principal's account (`"123456789012"` or its root ARN),
 *   which grants to the account, which must then allow the principal itself in its identity policy;
 * - `explicitDeny`: a Deny applies (it wins over everything);
 * - `implicitDeny`: nothing applies.
 *
 * IAM User Guide reference_policies_elements_principal; S3 UG how-s3-evaluates-access-control,
 * example-walkthroughs-managing-access-example2 (bucket owner granting cross-account permissions).
 * The partition is part of every ARN compared, so `arn:aws:iam::…:root` names nobody in `aws-cn`.
 */
export type ResourceDecision = 'allowed' | 'accountAllowed' | 'explicitDeny' | 'implicitDeny'

export function evaluateResourcePolicy(
  policy: PolicyDocument | undefined,
  principal: Principal,
  action: string,
  resource: string,
  context: RequestContext = {},
): ResourceDecision {
  return explainResourcePolicy(policy, principal, action, resource, context).decision
}

/**
 * The decision with the statements (indexes) that made it, Deny statements for an explicit deny,
 * else the Allow statements naming the principal or its account, and the condition keys that
 * statements about the request test but the context lacks (for IAM's policy simulator).
 */
export interface ResourceExplanation {
  decision: ResourceDecision
  matched: number[]
  missingKeys: string[]
}

export function explainResourcePolicy(
  policy: PolicyDocument | undefined,
  principal: Principal,
  action: string,
  resource: string,
  context: RequestContext = {},
): ResourceExplanation {
  const keys = lowerCaseKeys(context)
  let decision: ResourceDecision = 'implicitDeny'
  const allows: number[] = []
  const denies: number[] = []
  const missing = new Set<string>()
  ;(policy === undefined ? [] : statementsOf(policy)).forEach((statement, index) => {
    const named = namedBy(statement.Principal, statement.NotPrincipal, principal)
    if (named === undefined || !targets(statement, action, resource)) return
    for (const key of conditionKeysOf(statement)) if (keys[key.toLowerCase()] === undefined) missing.add(key)
    if (!conditionsHold(statement, keys)) return
    if (statement.Effect === 'Deny') denies.push(index)
    if (statement.Effect !== 'Allow') return
    allows.push(index)
    if (named !== 'account') decision = 'allowed'
    else if (decision === 'implicitDeny') decision = 'accountAllowed'
  })
  const missingKeys = [...missing]
  if (denies.length > 0) return { decision: 'explicitDeny', matched: denies, missingKeys }
  return { decision, matched: allows, missingKeys }
}

/** How a statement names the principal: itself (or everyone), its account, or not at all. NotPrincipal names everyone else. */
function namedBy(element: PolicyPrincipal | undefined, not: PolicyPrincipal | undefined, principal: Principal): 'self' | 'account' | undefined {
  if (element !== undefined) return match(element, principal)
  return not !== undefined && match(not, principal) === undefined ? 'self' : undefined
}

function match(element: PolicyPrincipal, principal: Principal): 'self' | 'account' | undefined {
  if (element === '*') return 'self'
  const names = listOf(element.AWS ?? [])
  if (names.includes('*') || names.includes(principal.arn)) return 'self'
  if (names.includes(principal.account) || names.includes(accountRootArn(principal.partition, principal.account))) return 'account'
  return undefined
}
