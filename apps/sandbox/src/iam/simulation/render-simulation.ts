import { buildPlainXml } from '../../xml.js'
import type { EvaluationResult, MatchedStatement, ResourceResult } from './simulate.js'
import { invalidInput, type SimulationOperation } from './simulation-input.js'

const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/'

/**
 * The Query protocol's answer to SimulatePrincipalPolicy / SimulateCustomPolicy (IAM API
 * SimulatePolicyResponse): `<{Operation}Response><{Operation}Result>` with EvaluationResults, IsTruncated
 * and Marker, then ResponseMetadata/RequestId. One page of `maxItems` results from `marker` (an
 * offset the sandbox makes; IAM's marker is opaque too).
 */
export function renderSimulation(
  operation: SimulationOperation,
  results: EvaluationResult[],
  page: { maxItems: number | undefined; marker: string | undefined },
  requestId: string,
): string {
  const start = page.marker === undefined ? 0 : Number(page.marker)
  if (!Number.isInteger(start) || start < 0 || start > results.length) throw invalidInput('Marker is not valid.')
  const end = page.maxItems === undefined ? results.length : Math.min(results.length, start + page.maxItems)
  const truncated = end < results.length
  return buildPlainXml(`${operation}Response`, {
    '@_xmlns': IAM_NAMESPACE,
    [`${operation}Result`]: {
      EvaluationResults: list(results.slice(start, end).map(evaluationResult)),
      IsTruncated: String(truncated),
      ...(truncated ? { Marker: String(end) } : {}),
    },
    ResponseMetadata: { RequestId: requestId },
  })
}

function evaluationResult(result: EvaluationResult): Record<string, unknown> {
  return {
    EvalActionName: result.action,
    ...(result.resource === undefined ? {} : { EvalResourceName: result.resource }),
    EvalDecision: result.decision,
    MatchedStatements: list(result.matched.map(statement)),
    MissingContextValues: list(result.missingContextValues),
    ...(result.perResource === undefined ? {} : { ResourceSpecificResults: list(result.perResource.map(resourceResult)) }),
  }
}

function resourceResult(result: ResourceResult): Record<string, unknown> {
  return {
    EvalResourceName: result.resource,
    EvalResourceDecision: result.decision,
    MatchedStatements: list(result.matched.map(statement)),
    MissingContextValues: list(result.missingContextValues),
  }
}

function statement(matched: MatchedStatement): Record<string, unknown> {
  return { SourcePolicyId: matched.sourcePolicyId, SourcePolicyType: matched.sourcePolicyType }
}

/** A Query-protocol list: `<member>` items, or an empty element. */
function list(items: unknown[]): unknown {
  return items.length === 0 ? '' : { member: items }
}
