/**
 * Fault injection: make the next N calls of an operation fail with a chosen error, or answer late.
 * Operations are named as in the AWS API (`CreateJob`, `ListObjectsV2`, `AssumeRole`, ...); job
 * tasks are named `Task` and can be narrowed to keys matching `keyPattern`.
 */
export interface FaultRule {
  /** API operation name, or `Task` for a Batch Operations task. */
  operation: string
  /** How many matching calls this rule affects. Default: 1. */
  count?: number
  /** HTTP status of the injected error. Omit (with `code`) for a delay-only fault. */
  status?: number
  /** Error code, e.g. `TooManyRequestsException`, `SlowDown`, `InternalError`, `AccessDenied`. */
  code?: string
  /** Error message. Default: "Injected fault: <code>". */
  message?: string
  /** Delay before answering (or failing), in milliseconds. Default: 0. */
  delayMs?: number
  /** For `Task` rules only: a regular expression the object key must match. */
  keyPattern?: string
}

export interface InjectedFault {
  status: number
  code: string
  message: string
}

export interface FaultDecision {
  delayMs: number
  error?: InjectedFault
}

interface ActiveRule extends FaultRule {
  id: number
  remaining: number
  keyRegExp?: RegExp
}

export class FaultRegistry {
  private rules: ActiveRule[] = []
  private nextId = 1

  add(rule: FaultRule): number {
    if (typeof rule.operation !== 'string' || rule.operation === '') {
      throw new Error('A fault rule needs an "operation" (an API operation name, or "Task").')
    }
    if ((rule.status === undefined) !== (rule.code === undefined)) {
      throw new Error('A fault rule needs both "status" and "code", or neither (a delay-only fault).')
    }
    if (rule.status === undefined && (rule.delayMs ?? 0) <= 0) {
      throw new Error('A fault rule must inject an error ("status" and "code") or a delay ("delayMs").')
    }
    const id = this.nextId++
    this.rules.push({
      ...rule,
      id,
      remaining: rule.count ?? 1,
      ...(rule.keyPattern === undefined ? {} : { keyRegExp: new RegExp(rule.keyPattern) }),
    })
    return id
  }

  clear(): void {
    this.rules = []
  }

  list(): Array<FaultRule & { id: number; remaining: number }> {
    return this.rules.map(({ keyRegExp: _ignored, ...rule }) => rule)
  }

  /** Consumes one use of the first rule that matches, if any. */
  take(operation: string, key?: string): FaultDecision | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.operation === operation &&
        (candidate.keyRegExp === undefined || (key !== undefined && candidate.keyRegExp.test(key))),
    )
    if (rule === undefined) return undefined
    rule.remaining -= 1
    if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule)
    const delayMs = rule.delayMs ?? 0
    if (rule.status === undefined || rule.code === undefined) return { delayMs }
    return {
      delayMs,
      error: { status: rule.status, code: rule.code, message: rule.message ?? `Injected fault: ${rule.code}` },
    }
  }
}
