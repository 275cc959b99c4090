import { accountRootArn } from '../arn.js'
import {
  listOf,
  lowerCaseKeys,
  statementApplies,
  statementsOf,
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
  const keys = lowerCaseKeys(context)
  let decision: ResourceDecision = 'implicitDeny'
  for (const statement of policy === undefined ? [] : statementsOf(policy)) {
    const named = namedBy(statement.Principal, statement.NotPrincipal, principal)
    if (named === undefined || !statementApplies(statement, action, resource, keys)) continue
    if (statement.Effect === 'Deny') return 'explicitDeny'
    if (statement.Effect !== 'Allow') continue
    if (named !== 'account') decision = 'allowed'
    else if (decision === 'implicitDeny') decision = 'accountAllowed'
  }
  return decision
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
