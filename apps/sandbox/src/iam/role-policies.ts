import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { arnParts, roleNameFromArn } from '../arn.js'
import { describeAwsError, iamClientFor, type MotoAccess } from '../aws-clients.js'
import { refusal, type Refusal } from './access-decision.js'
import { evaluatePolicies, type PolicyDocument, type RequestContext } from './policy-evaluator.js'
import type { Principal } from './resource-policy.js'
import type { TrustPolicy } from './trust-policy.js'

/** A role as the sandbox reads it from moto's IAM: its trust policy and its permission policies. */
export type RoleFacts =
  | { exists: false; arn: string }
  | { exists: true; arn: string; trust: TrustPolicy; policies: PolicyDocument[] }

/**
 * Reads a role's trust policy, its inline policies and the default versions of its attached
 * managed policies (IAM GetRole, ListRolePolicies/GetRolePolicy, ListAttachedRolePolicies/
 * GetPolicy/GetPolicyVersion), as the admin of the role's account. A role of an account the sandbox
 * does not have, or whose ARN differs from the one IAM gives it (another partition, another path),
 * does not exist.
 */
export async function loadRole(access: MotoAccess, roleArn: string): Promise<RoleFacts> {
  const roleName = roleNameFromArn(roleArn)
  const admin = access.accounts.get(arnParts(roleArn)?.accountId ?? '')
  if (roleName === undefined || admin === undefined) return { exists: false, arn: roleArn }
  const iam = iamClientFor(access, admin)
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }))
    if (Role?.Arn !== roleArn) return { exists: false, arn: roleArn }
    const trust = parsePolicy(Role?.AssumeRolePolicyDocument) as TrustPolicy
    return { exists: true, arn: roleArn, trust, policies: await permissionPolicies(iam, roleName) }
  } catch (error) {
    const { code } = describeAwsError(error)
    if (code === 'NoSuchEntity' || code === 'NoSuchEntityException') return { exists: false, arn: roleArn }
    throw error
  } finally {
    iam.destroy()
  }
}

async function permissionPolicies(iam: IAMClient, roleName: string): Promise<PolicyDocument[]> {
  const documents: PolicyDocument[] = []
  const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))
  for (const policyName of PolicyNames) {
    const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))
    documents.push(parsePolicy(PolicyDocument))
  }
  const { AttachedPolicies = [] } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))
  for (const attached of AttachedPolicies) {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }))
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: Policy?.DefaultVersionId }),
    )
    documents.push(parsePolicy(PolicyVersion?.Document))
  }
  return documents
}

/** IAM returns policy documents URL-encoded (moto does too); accept plain JSON as well. */
function parsePolicy(document: string | undefined): PolicyDocument {
  if (document === undefined || document === '') return {}
  try {
    return JSON.parse(document) as PolicyDocument
  } catch {
    return JSON.parse(decodeURIComponent(document)) as PolicyDocument
  }
}

/**
 * Whether the role's identity policies let it do `action` on `resource`; undefined when they do,
 * otherwise the AccessDenied the service would report.
 */
export function denial(role: RoleFacts, action: string, resource: string, context: RequestContext = {}): Refusal | undefined {
  if (role.exists && evaluatePolicies(role.policies, action, resource, context) === 'allowed') return undefined
  return refusal(role, action, resource, role.exists ? `because no identity-based policy allows the ${action} action` : '(the role does not exist)')
}

/** A role as the principal of its sessions, for resource policies (no policies if it does not exist). */
export function principalOfRole(role: RoleFacts): Principal {
  const parts = arnParts(role.arn)
  return { account: parts?.accountId ?? '', partition: parts?.partition ?? '', arn: role.arn, policies: role.exists ? role.policies : [] }
}
