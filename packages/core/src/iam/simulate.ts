import {
  GetRoleCommand,
  paginateSimulateCustomPolicy,
  paginateSimulatePrincipalPolicy,
  type ContextEntry,
  type EvaluationResult,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { awsErrorCode } from '../aws/aws-error.js'

/** One thing a principal must be allowed to do: an action on a resource, with the request's condition keys. */
export interface PermissionQuestion {
  action: string
  resource: string
  context?: Record<string, string>
}

/** What the simulator said, or why it was not asked. `denied` carries its decision (explicitDeny, implicitDeny). */
export type PermissionAnswer = { kind: 'allowed' } | { kind: 'denied'; decision: string } | { kind: 'not-checked'; reason: string }

/**
 * Whose permissions: a user or role that exists (SimulatePrincipalPolicy), or the policy a role s3-seed
 * would create, as that role (SimulateCustomPolicy).
 */
export type Simulated = { kind: 'principal'; arn: string } | { kind: 'custom'; policy: string; roleArn: string }

/**
 * Asks IAM's policy simulator each question (IAM API SimulatePrincipalPolicy, SimulateCustomPolicy):
 * one call per resource and context, with all its actions. The simulator evaluates identity-based
 * policies only here (no ResourcePolicy is passed): a destination in another account is checked
 * against its bucket and key policies apart (seed/cross-account.ts). SCPs and permission boundaries
 * it does consider for SimulatePrincipalPolicy (IAM UG access_policies_testing-policies). When the
 * caller may not simulate, every answer is "not checked" with the reason: never a guess.
 */
export async function simulate(iam: IAMClient, who: Simulated, questions: PermissionQuestion[]): Promise<PermissionAnswer[]> {
  const groups = new Map<string, number[]>()
  questions.forEach((question, index) => {
    const key = JSON.stringify([question.resource, question.context ?? {}])
    groups.set(key, [...(groups.get(key) ?? []), index])
  })
  const answers: PermissionAnswer[] = new Array(questions.length)
  for (const indexes of groups.values()) {
    const first = questions[indexes[0] as number] as PermissionQuestion
    const actions = [...new Set(indexes.map((index) => (questions[index] as PermissionQuestion).action))]
    let results: EvaluationResult[]
    try {
      results = await evaluate(iam, who, actions, first.resource, contextEntries(first.context ?? {}))
    } catch (error) {
      const reason = notCheckedReason(error, who)
      for (const index of indexes) answers[index] = { kind: 'not-checked', reason }
      continue
    }
    for (const index of indexes) {
      const question = questions[index] as PermissionQuestion
      const decision = results.find((result) => result.EvalActionName?.toLowerCase() === question.action.toLowerCase())?.EvalDecision
      answers[index] =
        decision === undefined ? { kind: 'not-checked', reason: 'the simulator gave no answer for it' } : decision === 'allowed' ? { kind: 'allowed' } : { kind: 'denied', decision }
    }
  }
  return answers
}

async function evaluate(iam: IAMClient, who: Simulated, actions: string[], resource: string, context: ContextEntry[]): Promise<EvaluationResult[]> {
  const common = { ActionNames: actions, ResourceArns: [resource], ...(context.length > 0 ? { ContextEntries: context } : {}) }
  const pages =
    who.kind === 'principal'
      ? paginateSimulatePrincipalPolicy({ client: iam }, { ...common, PolicySourceArn: who.arn })
      : // No CallerArn: it may only name an IAM user, and matters only with a ResourcePolicy (IAM API SimulateCustomPolicy).
        paginateSimulateCustomPolicy({ client: iam }, { ...common, PolicyInputList: [who.policy] })
  const results: EvaluationResult[] = []
  for await (const page of pages) results.push(...(page.EvaluationResults ?? []))
  return results
}

function contextEntries(context: Record<string, string>): ContextEntry[] {
  return Object.entries(context).map(([name, value]) => ({ ContextKeyName: name, ContextKeyValues: [value], ContextKeyType: 'string' }))
}

function notCheckedReason(error: unknown, who: Simulated): string {
  const code = awsErrorCode(error) ?? 'Error'
  const call = who.kind === 'principal' ? 'iam:SimulatePrincipalPolicy' : 'iam:SimulateCustomPolicy'
  if (code === 'AccessDenied' || code === 'AccessDeniedException') return `you may not call ${call}${who.kind === 'principal' ? ` on ${who.arn}` : ''}; allow it to have this checked`
  return `${call} failed: ${code}: ${error instanceof Error ? error.message : String(error)}`
}

/**
 * The IAM principal behind an STS caller ARN, as the simulator takes it: a user as it is; an
 * assumed role's session (`arn:aws:sts::A:assumed-role/NAME/SESSION`) as its role, whose path only
 * iam:GetRole knows. The root user and federated sessions cannot be simulated: undefined, with why.
 */
export async function simulatedPrincipal(iam: IAMClient, callerArn: string): Promise<{ arn: string } | { notChecked: string }> {
  if (/^arn:[^:]+:iam::\d{12}:user\//.test(callerArn)) return { arn: callerArn }
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(callerArn)) return { notChecked: "you are the account's root user, whom IAM policies do not limit (only SCPs do); use an IAM user or role" }
  const session = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(callerArn)
  if (session === null) return { notChecked: `the simulator cannot take ${callerArn}` }
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: session[1] }))
    return Role?.Arn ? { arn: Role.Arn } : { notChecked: `iam:GetRole gave no ARN for ${session[1]}` }
  } catch (error) {
    return { notChecked: `reading your role ${session[1]} (iam:GetRole) failed: ${awsErrorCode(error) ?? String(error)}` }
  }
}
