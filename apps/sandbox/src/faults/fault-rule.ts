/**
 * What a fault rule says, and its validation. Operations are named as in the AWS API
 * (`CreateJob`, `ListObjectsV2`, `AssumeRole`, `Decrypt`, ...); `Task` is one Batch Operations task,
 * `Replication` one replica write of live or Batch Replication, and `*` every operation.
 */
export type FaultKind = 'error' | 'delay' | 'reset' | 'timeout'

export const FAULT_KINDS: readonly FaultKind[] = ['error', 'delay', 'reset', 'timeout']

export interface FaultRule {
  /** API operation name, `Task`, `Replication`, or `*` for every operation. */
  operation: string
  /** With `operation: '*'`: operations the rule leaves alone. Default: none. */
  except?: string[]
  /**
   * What the fault does. Default: `error` when `status` and `code` are given, else `delay`.
   * - `error`: answer with `status`/`code` (after `delayMs`, if set);
   * - `delay`: answer normally, `delayMs` late;
   * - `reset`: destroy the client's connection (after `delayMs`, if set): a connection reset;
   * - `timeout`: hold the request unanswered for `delayMs` (default 1000), then drop the connection.
   */
  kind?: FaultKind
  /** How many faults this rule injects before it is used up. Default: 1, or unlimited with `rate`. */
  count?: number
  /** Probability (0..1) that a matching call gets the fault. Default: 1 (every matching call). */
  rate?: number
  /** Seed of the rule's PRNG (mulberry32), for repeatable `rate` runs. Default: a random seed, shown by list(). */
  seed?: number
  /** HTTP status of an injected error. */
  status?: number
  /** Error code, e.g. `TooManyRequestsException`, `SlowDown`, `InternalError`, `AccessDenied`. */
  code?: string
  /** Error message. Default: "Injected fault: <code>". */
  message?: string
  /** Delay in milliseconds (see `kind`). Default: 0, or 1000 for `timeout`. */
  delayMs?: number
  /** A regular expression the object key must match (S3 object operations, `Task`, `Replication`). */
  keyPattern?: string
}

export interface InjectedFault {
  status: number
  code: string
  message: string
}

/** What the registry decided for one call. `error` is set exactly when kind is `error`. */
export interface FaultDecision {
  kind: FaultKind
  delayMs: number
  error?: InjectedFault
}

/** A rule after validation, with its defaults applied. */
export interface NormalizedRule {
  operation: string
  except: string[]
  kind: FaultKind
  /** Faults left to inject; null = unlimited. */
  remaining: number | null
  rate: number
  seed: number
  delayMs: number
  error?: InjectedFault
  keyPattern?: string
}

export const DEFAULT_TIMEOUT_MS = 1000

/** Checks a rule (from code or the admin API) and fills in its defaults. Throws a readable Error. */
export function normalizeRule(rule: FaultRule, seed: number): NormalizedRule {
  if (typeof rule !== 'object' || rule === null) throw new Error('A fault rule must be a JSON object.')
  if (typeof rule.operation !== 'string' || rule.operation === '') {
    throw new Error('A fault rule needs an "operation" (an API operation name, "Task", "Replication" or "*").')
  }
  if ((rule.status === undefined) !== (rule.code === undefined)) {
    throw new Error('A fault rule needs both "status" and "code", or neither.')
  }
  const kind = rule.kind ?? (rule.status === undefined ? 'delay' : 'error')
  if (!FAULT_KINDS.includes(kind)) throw new Error(`"kind" must be one of ${FAULT_KINDS.join(', ')}, not "${String(kind)}".`)
  if (kind === 'error' && rule.status === undefined) throw new Error('An "error" fault needs "status" and "code".')
  if (kind !== 'error' && rule.status !== undefined) throw new Error(`A "${kind}" fault takes no "status" or "code".`)
  if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)) {
    throw new Error('"status" must be an HTTP error status (400-599).')
  }
  const delayMs = rule.delayMs ?? (kind === 'timeout' ? DEFAULT_TIMEOUT_MS : 0)
  if (typeof delayMs !== 'number' || !(delayMs >= 0)) throw new Error('"delayMs" must be a number ≥ 0.')
  if (kind === 'delay' && delayMs <= 0) {
    throw new Error('A fault rule must inject an error ("status" and "code"), a "reset", a "timeout" or a delay ("delayMs").')
  }
  if (kind === 'timeout' && delayMs <= 0) throw new Error('A "timeout" fault needs "delayMs" > 0.')
  const rate = rule.rate ?? 1
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new Error('"rate" must be a number from 0 to 1.')
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count > 0)) throw new Error('"count" must be a whole number ≥ 1.')
  if (rule.seed !== undefined && !Number.isInteger(rule.seed)) throw new Error('"seed" must be an integer.')
  if (rule.except !== undefined && !(Array.isArray(rule.except) && rule.except.every((name) => typeof name === 'string'))) {
    throw new Error('"except" must be a list of operation names.')
  }
  if (rule.except !== undefined && rule.operation !== '*') throw new Error('"except" only goes with operation "*".')
  if (rule.keyPattern !== undefined) new RegExp(rule.keyPattern) // throws SyntaxError with the reason
  const code = rule.code ?? ''
  return {
    operation: rule.operation,
    except: rule.except ?? [],
    kind,
    remaining: rule.count ?? (rule.rate === undefined ? 1 : null),
    rate,
    seed: (rule.seed ?? seed) >>> 0,
    delayMs,
    ...(rule.status === undefined
      ? {}
      : { error: { status: rule.status, code, message: rule.message ?? `Injected fault: ${code}` } }),
    ...(rule.keyPattern === undefined ? {} : { keyPattern: rule.keyPattern }),
  }
}
