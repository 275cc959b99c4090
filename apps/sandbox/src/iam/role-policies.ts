import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { roleNameFromArn } from '../arn.js'
import { describeAwsError, iamClientFor, type MotoAccess } from '../aws-clients.js'
import { evaluatePolicies, type PolicyDocument, type RequestContext } from './policy-evaluator.js'
import type { TrustPolicy } from './trust-policy.js'

/** A role as the sandbox reads it from moto's IAM: its trust policy and its permission policies. */
export type RoleFacts =
  | { exists: false; arn: string }
  | { exists: true; arn: string; trust: TrustPolicy; policies: PolicyDocument[] }

/** Why the sandbox refused something it checks itself: the status, code and message S3 would answer. */
export interface Refusal {
  httpStatus: number
  errorCode: string
  message: string
}

/**
 * Reads a role's trust policy, its inline policies and the default versions of its attached
 * managed policies (IAM GetRole, ListRolePolicies/GetRolePolicy, ListAttachedRolePolicies/
 * GetPolicy/GetPolicyVersion), as the sandbox's admin.
 */
export async function loadRole(access: MotoAccess, roleArn: string): Promise<RoleFacts> {
  const roleName = roleNameFromArn(roleArn)
  if (roleName === undefined) return { exists: false, arn: roleArn }
  const iam = iamClientFor(access)
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }))
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
 * Whether the role may do `action` on `resource`; undefined when it may, otherwise the
 * AccessDenied the service would report.
 */
export function denial(role: RoleFacts, action: string, resource: string, context: RequestContext = {}): Refusal | undefined {
  if (role.exists && evaluatePolicies(role.policies, action, resource, context) === 'allowed') return undefined
  const who = `${role.arn.replace(':role/', ':assumed-role/')}/s3-seed-sandbox`
  return {
    errorCode: 'AccessDenied',
    httpStatus: 403,
    message: `User: ${who} is not authorized to perform: ${action} on resource: "${resource}"${role.exists ? '' : ' (the role does not exist)'}`,
  }
}
