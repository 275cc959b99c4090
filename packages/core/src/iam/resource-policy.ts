/**
 * Reads a resource policy (a bucket policy, a KMS key policy) for one question: does it let this
 * principal do this action on this resource? Only as far as s3-seed can tell for certain: the answer
 * is 'allowed', 'denied' (no statement allows it, or one denies it), or 'unknown' when a statement
 * that would decide has conditions, NotPrincipal, NotAction or NotResource, which s3-seed does not
 * evaluate. Follows IAM's evaluation logic for a single policy (IAM User Guide,
 * reference_policies_evaluation-logic): an explicit Deny wins, else an Allow allows, else denied.
 */
export type PolicyAnswer = 'allowed' | 'denied' | 'unknown'

interface Statement {
  Effect?: string
  Principal?: unknown
  NotPrincipal?: unknown
  Action?: unknown
  NotAction?: unknown
  Resource?: unknown
  NotResource?: unknown
  Condition?: unknown
}

export interface PolicyQuestion {
  /** The principal's ARN, e.g. the job's role `arn:aws:iam::111122223333:role/name`. */
  principalArn: string
  action: string
  resource: string
}

export function policyAllows(policy: string | undefined, question: PolicyQuestion): PolicyAnswer {
  if (policy === undefined || policy === '') return 'denied'
  let statements: Statement[]
  try {
    const parsed = JSON.parse(policy) as { Statement?: Statement | Statement[] }
    statements = [parsed.Statement ?? []].flat()
  } catch {
    return 'unknown'
  }
  let answer: PolicyAnswer = 'denied'
  for (const statement of statements) {
    const applies = appliesTo(statement, question)
    if (applies === 'no') continue
    if (statement.Effect === 'Deny') {
      if (applies === 'yes') return 'denied'
      answer = 'unknown'
    } else if (statement.Effect === 'Allow' && answer !== 'allowed') {
      answer = applies === 'yes' ? 'allowed' : 'unknown'
    }
  }
  return answer
}

function appliesTo(statement: Statement, question: PolicyQuestion): 'yes' | 'no' | 'maybe' {
  if (statement.NotPrincipal !== undefined || statement.NotAction !== undefined || statement.NotResource !== undefined) return 'maybe'
  if (!principalMatches(statement.Principal, question.principalArn)) return 'no'
  if (!list(statement.Action).some((action) => wildcard(action, question.action, true))) return 'no'
  if (!list(statement.Resource).some((resource) => wildcard(resource, question.resource, false))) return 'no'
  return statement.Condition === undefined ? 'yes' : 'maybe'
}

/** `"*"`, `{"AWS": "*"}`, the role's ARN, its account's root ARN, or the bare account ID. */
function principalMatches(principal: unknown, arn: string): boolean {
  if (principal === '*') return true
  const aws = list((principal as { AWS?: unknown } | undefined)?.AWS)
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1]
  const partition = /^arn:([^:]+):/.exec(arn)?.[1]
  return aws.some((entry) => entry === '*' || entry === arn || entry === account || entry === `arn:${partition}:iam::${account}:root`)
}

function list(value: unknown): string[] {
  return [value ?? []].flat().filter((entry): entry is string => typeof entry === 'string')
}

/** IAM wildcards: `*` any run, `?` one character; actions compare without case. */
function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value)
}
