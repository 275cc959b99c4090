/**
 * A small evaluator of IAM identity policies, for the permissions moto does not check itself: the
 * replication actions (s3:GetObjectVersionForReplication, s3:ReplicateObject, s3:ReplicateDelete),
 * s3:InitiateReplication, KMS key use by S3 (kms:Decrypt, kms:GenerateDataKey, kms:Encrypt), the
 * callers of S3 Control's job API, requests into another account's bucket, and IAM's policy
 * simulator (iam/simulation/), which therefore answers as the sandbox enforces.
 *
 * It follows the IAM policy evaluation logic for one account's identity policies (IAM User Guide,
 * reference_policies_evaluation-logic): an explicit Deny wins, otherwise an Allow is needed.
 * Supported: Action/NotAction and Resource/NotResource with `*` and `?` wildcards (actions are
 * case-insensitive), and the condition operators String(Not)Equals(IgnoreCase), String(Not)Like,
 * Arn(Not)Equals, Arn(Not)Like, Bool and Null, each with `IfExists`. A statement with any other
 * operator, or with a ForAnyValue/ForAllValues set operator, is treated as not applying.
 * Resource policies (bucket and key policies) add their Principal to this: see resource-policy.ts.
 * Not evaluated [sandbox]: permission boundaries, SCPs, session policies and policy variables.
 *
 * moto's own check, which still decides same-account S3 (and IAM/STS) requests under enforcement,
 * matches otherwise (probed in moto-matching.sandbox.test.ts; moto 5.2.1 iam/access_control.py): it
 * compares action names case-sensitively, reads `?` and `.` as regular-expression syntax (so
 * `s3:GetObjec?` matches nothing useful and `file.txt` matches `fileXtxt`), ignores NotResource (a
 * statement with it applies to every resource, a Deny included), and takes every condition of an S3
 * request as holding (an Allow or a Deny applies whatever its Condition says). Where they differ, a
 * same-account S3 request gets moto's answer, and the simulator this evaluator's.
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
  return explainPolicies(policies, action, resource, context).decision
}

/** Which statement of which policy (indexes in the lists given) took part in a decision. */
export interface StatementRef {
  policy: number
  statement: number
}

/**
 * A decision with what IAM's policy simulator reports of it (IAM API EvaluationResult): the
 * statements that decided it (the Deny statements of an explicit deny, else the Allow statements;
 * none for an implicit deny), and the condition keys that statements covering the action and
 * resource test but the request context does not have (MissingContextValues).
 */
export interface PolicyExplanation {
  decision: PolicyDecision
  matched: StatementRef[]
  missingKeys: string[]
}

export function explainPolicies(
  policies: PolicyDocument[],
  action: string,
  resource: string,
  context: RequestContext = {},
): PolicyExplanation {
  const keys = lowerCaseKeys(context)
  const allows: StatementRef[] = []
  const denies: StatementRef[] = []
  const missing = new Set<string>()
  policies.forEach((policy, policyIndex) => {
    statementsOf(policy).forEach((statement, statementIndex) => {
      if (!targets(statement, action, resource)) return
      for (const key of conditionKeysOf(statement)) if (keys[key.toLowerCase()] === undefined) missing.add(key)
      if (!conditionsHold(statement, keys)) return
      const ref = { policy: policyIndex, statement: statementIndex }
      if (statement.Effect === 'Deny') denies.push(ref)
      else if (statement.Effect === 'Allow') allows.push(ref)
    })
  })
  const missingKeys = [...missing]
  if (denies.length > 0) return { decision: 'explicitDeny', matched: denies, missingKeys }
  return allows.length > 0 ? { decision: 'allowed', matched: allows, missingKeys } : { decision: 'implicitDeny', matched: [], missingKeys }
}

/** The condition keys a statement tests, as written. */
export function conditionKeysOf(statement: PolicyStatement): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block))
}

export function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  const statements = policy.Statement
  return statements === undefined ? [] : Array.isArray(statements) ? statements : [statements]
}

/** Whether the statement's Action, Resource and Condition cover the request (context keys lower-cased). */
export function statementApplies(statement: PolicyStatement, action: string, resource: string, context: RequestContext): boolean {
  return targets(statement, action, resource) && conditionsHold(statement, context)
}

/** Whether the statement's Action/NotAction and Resource/NotResource cover the action on the resource. */
export function targets(statement: PolicyStatement, action: string, resource: string): boolean {
  const actionMatches =
    statement.Action !== undefined
      ? listOf(statement.Action).some((pattern) => wildcard(pattern, true).test(action))
      : statement.NotAction !== undefined && !listOf(statement.NotAction).some((pattern) => wildcard(pattern, true).test(action))
  if (!actionMatches) return false
  return statement.Resource !== undefined
    ? listOf(statement.Resource).some((pattern) => wildcard(pattern, false).test(resource))
    : statement.NotResource !== undefined && !listOf(statement.NotResource).some((pattern) => wildcard(pattern, false).test(resource))
}

/** Whether every condition of the statement holds (context keys lower-cased). */
export function conditionsHold(statement: PolicyStatement, context: RequestContext): boolean {
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
