/**
 * A small evaluator of IAM identity policies, for the permissions moto does not check itself: the
 * replication actions (s3:GetObjectVersionForReplication, s3:ReplicateObject, s3:ReplicateDelete),
 * s3:InitiateReplication, and KMS key use by S3 (kms:Decrypt, kms:GenerateDataKey, kms:Encrypt).
 *
 * It follows the IAM policy evaluation logic for one account's identity policies (IAM User Guide,
 * reference_policies_evaluation-logic): an explicit Deny wins, otherwise an Allow is needed.
 * Supported: Action/NotAction and Resource/NotResource with `*` and `?` wildcards (actions are
 * case-insensitive), and the condition operators String(Not)Equals(IgnoreCase), String(Not)Like,
 * Arn(Not)Equals, Arn(Not)Like, Bool and Null, each with `IfExists`. A statement with any other
 * operator, or with a ForAnyValue/ForAllValues set operator, is treated as not applying.
 * Resource policies (bucket and key policies) add their Principal to this: see resource-policy.ts.
 * Not evaluated [sandbox]: permission boundaries, SCPs, session policies and policy variables.
 */
export interface PolicyDocument {
  Statement?: PolicyStatement | PolicyStatement[]
}

export interface PolicyStatement {
  Effect?: string
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: Record<string, Record<string, unknown>>
  /** Resource policies only: who the statement is about. */
  Principal?: PolicyPrincipal
  NotPrincipal?: PolicyPrincipal
}

/** `"*"`, or principals by kind: `{ "AWS": ["123456789012", "arn:aws:iam::…:role/r"] }`. */
export type PolicyPrincipal = '*' | Record<string, string | string[]>

/** Condition keys of the request, e.g. `kms:ViaService`; matched case-insensitively. */
export type RequestContext = Record<string, string>

export type PolicyDecision = 'allowed' | 'explicitDeny' | 'implicitDeny'

export function evaluatePolicies(
  policies: PolicyDocument[],
  action: string,
  resource: string,
  context: RequestContext = {},
): PolicyDecision {
  const keys = lowerCaseKeys(context)
  let allowed = false
  for (const policy of policies) {
    for (const statement of statementsOf(policy)) {
      if (!statementApplies(statement, action, resource, keys)) continue
      if (statement.Effect === 'Deny') return 'explicitDeny'
      if (statement.Effect === 'Allow') allowed = true
    }
  }
  return allowed ? 'allowed' : 'implicitDeny'
}

export function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  const statements = policy.Statement
  return statements === undefined ? [] : Array.isArray(statements) ? statements : [statements]
}

/** Whether the statement's Action, Resource and Condition cover the request (context keys lower-cased). */
export function statementApplies(statement: PolicyStatement, action: string, resource: string, context: RequestContext): boolean {
  const actionMatches =
    statement.Action !== undefined
      ? listOf(statement.Action).some((pattern) => wildcard(pattern, true).test(action))
      : statement.NotAction !== undefined && !listOf(statement.NotAction).some((pattern) => wildcard(pattern, true).test(action))
  if (!actionMatches) return false
  const resourceMatches =
    statement.Resource !== undefined
      ? listOf(statement.Resource).some((pattern) => wildcard(pattern, false).test(resource))
      : statement.NotResource !== undefined && !listOf(statement.NotResource).some((pattern) => wildcard(pattern, false).test(resource))
  if (!resourceMatches) return false
  return Object.entries(statement.Condition ?? {}).every(([operator, block]) => conditionHolds(operator, block, context))
}

export function lowerCaseKeys(context: RequestContext): RequestContext {
  return Object.fromEntries(Object.entries(context).map(([name, value]) => [name.toLowerCase(), value]))
}

export function listOf(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value]
}

function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's')
}

type Matcher = (actual: string, wanted: string) => boolean

const MATCHERS: Record<string, { match: Matcher; negated: boolean }> = {
  stringequals: { match: (a, w) => a === w, negated: false },
  stringnotequals: { match: (a, w) => a === w, negated: true },
  stringequalsignorecase: { match: (a, w) => a.toLowerCase() === w.toLowerCase(), negated: false },
  stringnotequalsignorecase: { match: (a, w) => a.toLowerCase() === w.toLowerCase(), negated: true },
  stringlike: { match: (a, w) => wildcard(w, false).test(a), negated: false },
  stringnotlike: { match: (a, w) => wildcard(w, false).test(a), negated: true },
  arnequals: { match: (a, w) => wildcard(w, false).test(a), negated: false },
  arnlike: { match: (a, w) => wildcard(w, false).test(a), negated: false },
  arnnotequals: { match: (a, w) => wildcard(w, false).test(a), negated: true },
  arnnotlike: { match: (a, w) => wildcard(w, false).test(a), negated: true },
  bool: { match: (a, w) => a.toLowerCase() === w.toLowerCase(), negated: false },
}

function conditionHolds(rawOperator: string, block: Record<string, unknown>, context: RequestContext): boolean {
  if (rawOperator.includes(':')) return false // ForAnyValue:/ForAllValues: are not evaluated
  let operator = rawOperator.toLowerCase()
  const ifExists = operator.endsWith('ifexists')
  if (ifExists) operator = operator.slice(0, -'ifexists'.length)
  return Object.entries(block).every(([key, raw]) => {
    const wanted = (Array.isArray(raw) ? raw : [raw]).map(String)
    const actual = context[key.toLowerCase()]
    if (operator === 'null') return wanted.some((value) => (value.toLowerCase() === 'true') === (actual === undefined))
    const matcher = MATCHERS[operator]
    if (matcher === undefined) return false
    // A key missing from the request: only IfExists and the negated operators hold.
    if (actual === undefined) return ifExists || matcher.negated
    const any = wanted.some((value) => matcher.match(actual, value))
    return matcher.negated ? !any : any
  })
}
