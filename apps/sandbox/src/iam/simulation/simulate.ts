import { arnParts } from '../../arn.js'
import { accessVerdict, type AccessVerdict } from '../access-decision.js'
import type { NamedPolicy } from '../access-facts.js'
import type { PolicyDecision, RequestContext } from '../policy-evaluator.js'
import type { SimulationInput } from './simulation-input.js'

/** A statement that decided a result, as IAM's Statement type names it (positions are not kept). */
export interface MatchedStatement {
  sourcePolicyId: string
  sourcePolicyType: string
}

/** One action on one resource (IAM API ResourceSpecificResult). */
export interface ResourceResult {
  resource: string
  decision: PolicyDecision
  matched: MatchedStatement[]
  missingContextValues: string[]
}

/** One action (IAM API EvaluationResult). */
export interface EvaluationResult {
  action: string
  /** The resource, when only one was simulated. */
  resource: string | undefined
  decision: PolicyDecision
  matched: MatchedStatement[]
  missingContextValues: string[]
  /** Each resource's own result, when ResourceArns was given. */
  perResource: ResourceResult[] | undefined
}

/** Whose policies are simulated, and who a resource policy is evaluated against. */
export interface SimulationSubject {
  /** The identity policies: the principal's, then PolicyInputList's. */
  policies: NamedPolicy[]
  /** CallerArn, or the PolicySourceArn's entity; undefined for SimulateCustomPolicy without CallerArn. */
  caller: { arn: string; account: string; partition: string } | undefined
}

const RESTRICTIVENESS: PolicyDecision[] = ['allowed', 'implicitDeny', 'explicitDeny']

/**
 * The simulation, with the decision logic the sandbox enforces (access-decision.ts), so that a
 * simulation and the real request agree:
 * - every action is simulated on every resource; the action's result is the most restrictive of
 *   its resources' (explicitDeny, then implicitDeny), with one ResourceSpecificResult per resource
 *   (IAM API EvaluationResult, as its current text describes it: one result per action);
 * - a resource's owner is the account its ARN names, else ResourceOwner, else the caller's account
 *   (S3 bucket and object ARNs name none); ResourcePolicy is attached to every resource and belongs
 *   to that owner (IAM API SimulatePrincipalPolicy, ResourcePolicy and ResourceOwner);
 * - the owner's account being another than the caller's, both the identity policies and the
 *   resource policy must allow (IAM UG reference_policies_evaluation-logic-cross-account);
 * - the request context is the ContextEntries, nothing more.
 */
export function simulate(input: SimulationInput, subject: SimulationSubject): EvaluationResult[] {
  const resourcePolicy = input.resourcePolicy
  const context = contextOf(input)
  return input.actionNames.map((action) => {
    const perResource = input.resourceArns.map((resource) => {
      const owner = arnParts(resource)?.accountId || input.resourceOwner || subject.caller?.account || ''
      const verdict = accessVerdict({
        principal: {
          account: subject.caller?.account ?? owner,
          partition: subject.caller?.partition ?? arnParts(resource)?.partition ?? 'aws',
          arn: subject.caller?.arn ?? '',
          policies: subject.policies.map((policy) => policy.document),
        },
        action,
        resource,
        owner,
        resourcePolicy,
        context,
        contextComplete: true,
      })
      return { resource, decision: verdict.decision, matched: matchedOf(verdict, subject.policies), missingContextValues: missingOf(verdict) }
    })
    const decision = perResource.map((result) => result.decision).reduce(mostRestrictive)
    const deciding = perResource.filter((result) => result.decision === decision)
    return {
      action,
      resource: perResource.length === 1 ? perResource[0]?.resource : undefined,
      decision,
      matched: unique(deciding.flatMap((result) => result.matched)),
      missingContextValues: [...new Set(perResource.flatMap((result) => result.missingContextValues))],
      perResource: input.resourcesGiven ? perResource : undefined,
    }
  })
}

/**
 * ContextEntries as the evaluator's request context. List-typed keys (`stringList`…) are not
 * evaluated as sets (the evaluator has no ForAnyValue/ForAllValues): their first value is used.
 */
function contextOf(input: SimulationInput): RequestContext {
  const context: RequestContext = {}
  for (const entry of input.contextEntries) {
    const first = entry.values[0]
    if (first !== undefined) context[entry.name] = first
  }
  return context
}

function mostRestrictive(a: PolicyDecision, b: PolicyDecision): PolicyDecision {
  return RESTRICTIVENESS.indexOf(a) >= RESTRICTIVENESS.indexOf(b) ? a : b
}

/**
 * The deciding statements (IAM API EvaluationResult, MatchedStatements): the Deny statements of an
 * explicit deny, the Allow statements of an allowed request, none for an implicit deny. Identity
 * policies are named by name and kind, the resource policy as `ResourcePolicy` [inferred].
 */
function matchedOf(verdict: AccessVerdict, policies: NamedPolicy[]): MatchedStatement[] {
  if (verdict.decision === 'implicitDeny') return []
  const deny = verdict.decision === 'explicitDeny'
  const identity = verdict.identity?.decision === (deny ? 'explicitDeny' : 'allowed') ? verdict.identity.matched : []
  const resource = deny ? verdict.resource.decision === 'explicitDeny' : verdict.resource.decision !== 'implicitDeny'
  return unique([
    ...identity.map((ref) => ({ sourcePolicyId: policies[ref.policy]?.id ?? '', sourcePolicyType: policies[ref.policy]?.type ?? 'none' })),
    ...(resource ? verdict.resource.matched.map(() => ({ sourcePolicyId: 'ResourcePolicy', sourcePolicyType: 'resource' })) : []),
  ])
}

function missingOf(verdict: AccessVerdict): string[] {
  return [...new Set([...(verdict.identity?.missingKeys ?? []), ...verdict.resource.missingKeys])]
}

function unique(statements: MatchedStatement[]): MatchedStatement[] {
  const seen = new Set<string>()
  return statements.filter((statement) => {
    const key = `${statement.sourcePolicyType}\u0000${statement.sourcePolicyId}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
}
