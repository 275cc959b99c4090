import { normalizeRule, type FaultDecision, type FaultRule, type NormalizedRule } from './fault-rule.js'
import { mulberry32, randomSeed } from './prng.js'

export type { FaultDecision, FaultKind, FaultRule, InjectedFault } from './fault-rule.js'

/** A rule as list() shows it: the normalized rule, its id and the faults it has left (null = unlimited). */
export interface ActiveFault extends NormalizedRule {
  id: number
}

/** Calls the registry saw for one operation, and the faults it injected into them, by kind. */
export interface OperationFaultStats {
  calls: number
  injected: number
  error: number
  delay: number
  reset: number
  timeout: number
}

/** Per operation name (`PutObject`, `Task`, `Replication`, ...). Only operations called at least once appear. */
export type FaultStats = Record<string, OperationFaultStats>

interface LiveRule extends ActiveFault {
  random: () => number
  keyRegExp?: RegExp
}

/**
 * Fault injection. Every operation the sandbox serves asks `take(operation, key)` once per call;
 * the first rule that matches the operation (and key) and fires decides the fault. A rule with a
 * `rate` fires with that probability, drawn from its own seeded PRNG, so a run with the same seed
 * and the same calls injects the same faults. A rule that does not fire lets later rules try.
 * Calls and injected faults are counted per operation (stats()), whether or not a rule exists.
 */
export class FaultRegistry {
  private rules: LiveRule[] = []
  private nextId = 1
  private counts = new Map<string, OperationFaultStats>()

  /** Adds a rule and returns its id. Throws an Error that says what is wrong with the rule. */
  add(rule: FaultRule): number {
    const normalized = normalizeRule(rule, randomSeed())
    const id = this.nextId++
    this.rules.push({
      ...normalized,
      id,
      random: mulberry32(normalized.seed),
      ...(normalized.keyPattern === undefined ? {} : { keyRegExp: new RegExp(normalized.keyPattern) }),
    })
    return id
  }

  /** Removes one rule; returns whether it existed. */
  remove(id: number): boolean {
    const before = this.rules.length
    this.rules = this.rules.filter((rule) => rule.id !== id)
    return this.rules.length !== before
  }

  /** Removes every rule (the counts stay; see resetStats). */
  clear(): void {
    this.rules = []
  }

  list(): ActiveFault[] {
    return this.rules.map(({ random: _random, keyRegExp: _keyRegExp, ...rule }) => rule)
  }

  stats(): FaultStats {
    return Object.fromEntries([...this.counts].map(([operation, counts]) => [operation, { ...counts }]))
  }

  resetStats(): void {
    this.counts.clear()
  }

  /** Counts one call of `operation` and consumes one use of the first rule that fires for it, if any. */
  take(operation: string, key?: string): FaultDecision | undefined {
    const counts = this.countsFor(operation)
    counts.calls++
    for (const rule of this.rules) {
      if (!matches(rule, operation, key)) continue
      // Draw only for rules with a rate below 1, so count-only rules leave the PRNG alone.
      if (rule.rate < 1 && !(rule.random() < rule.rate)) continue
      if (rule.remaining !== null) {
        rule.remaining -= 1
        if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule)
      }
      counts.injected++
      counts[rule.kind]++
      return { kind: rule.kind, delayMs: rule.delayMs, ...(rule.error === undefined ? {} : { error: { ...rule.error } }) }
    }
    return undefined
  }

  private countsFor(operation: string): OperationFaultStats {
    let counts = this.counts.get(operation)
    if (counts === undefined) {
      counts = { calls: 0, injected: 0, error: 0, delay: 0, reset: 0, timeout: 0 }
      this.counts.set(operation, counts)
    }
    return counts
  }
}

function matches(rule: LiveRule, operation: string, key: string | undefined): boolean {
  const operationMatches = rule.operation === '*' ? !rule.except.includes(operation) : rule.operation === operation
  if (!operationMatches) return false
  return rule.keyRegExp === undefined || (key !== undefined && rule.keyRegExp.test(key))
}
