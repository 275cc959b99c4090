import { describe, expect, it } from 'vitest'
import type { FaultRule } from './fault-rule.js'
import { mulberry32 } from './prng.js'
import { FaultRegistry } from './registry.js'

describe('FaultRegistry', () => {
  it('uses each rule for its count, first match first, and honours key patterns', () => {
    const faults = new FaultRegistry()
    faults.add({ operation: 'Task', keyPattern: '^bad/', count: 2, status: 500, code: 'InternalError' })
    faults.add({ operation: 'CreateJob', delayMs: 10 })
    expect(faults.take('Task', 'good/x')).toBeUndefined()
    expect(faults.take('Task', 'bad/1')?.error?.code).toBe('InternalError')
    expect(faults.take('Task', 'bad/2')?.error?.message).toBe('Injected fault: InternalError')
    expect(faults.take('Task', 'bad/3')).toBeUndefined()
    expect(faults.take('CreateJob')).toEqual({ kind: 'delay', delayMs: 10 })
    expect(faults.list()).toEqual([])
  })

  it('fires a rate rule with its seeded PRNG: the same seed injects the same faults', () => {
    const run = (seed: number) => {
      const faults = new FaultRegistry()
      faults.add({ operation: 'GetObject', rate: 0.3, seed, status: 503, code: 'SlowDown' })
      return Array.from({ length: 200 }, () => faults.take('GetObject') !== undefined)
    }
    const first = run(42)
    expect(run(42)).toEqual(first)
    expect(run(43)).not.toEqual(first)
    // The pattern is mulberry32(42) against the rate, one draw per matching call.
    const random = mulberry32(42)
    expect(first).toEqual(Array.from({ length: 200 }, () => random() < 0.3))
    const injected = first.filter(Boolean).length
    expect(injected).toBeGreaterThan(40)
    expect(injected).toBeLessThan(80)
  })

  it('keeps a rate rule until its count of injected faults is used up, and reports its seed', () => {
    const faults = new FaultRegistry()
    const id = faults.add({ operation: 'PutObject', rate: 0.5, count: 3, kind: 'reset' })
    expect(faults.list()).toEqual([expect.objectContaining({ id, kind: 'reset', rate: 0.5, remaining: 3, seed: expect.any(Number) })])
    let injected = 0
    for (let call = 0; call < 100; call++) if (faults.take('PutObject')) injected++
    expect(injected).toBe(3)
    expect(faults.list()).toEqual([])
    faults.add({ operation: 'PutObject', rate: 0.5, kind: 'reset' })
    expect(faults.list()[0]?.remaining).toBeNull() // with a rate and no count: unlimited
  })

  it('lets "*" cover every operation but the ones it excepts, and lets a later rule try when one does not fire', () => {
    const faults = new FaultRegistry()
    faults.add({ operation: '*', except: ['Task'], rate: 1, kind: 'timeout', delayMs: 50 })
    expect(faults.take('ListObjectsV2')).toEqual({ kind: 'timeout', delayMs: 50 })
    expect(faults.take('Replication', 'k')).toEqual({ kind: 'timeout', delayMs: 50 })
    expect(faults.take('Task', 'k')).toBeUndefined()

    const layered = new FaultRegistry()
    layered.add({ operation: 'HeadObject', rate: 0, status: 500, code: 'InternalError' })
    layered.add({ operation: 'HeadObject', status: 404, code: 'NoSuchKey' })
    expect(layered.take('HeadObject')?.error?.code).toBe('NoSuchKey')
  })

  it('counts calls and injected faults per operation and kind', () => {
    const faults = new FaultRegistry()
    faults.add({ operation: 'GetObject', count: 2, status: 500, code: 'InternalError' })
    faults.add({ operation: 'Task', kind: 'reset' })
    for (let call = 0; call < 5; call++) faults.take('GetObject')
    faults.take('Task', 'a')
    faults.take('Task', 'b')
    faults.take('CreateJob')
    expect(faults.stats()).toEqual({
      GetObject: { calls: 5, injected: 2, error: 2, delay: 0, reset: 0, timeout: 0 },
      Task: { calls: 2, injected: 1, error: 0, delay: 0, reset: 1, timeout: 0 },
      CreateJob: { calls: 1, injected: 0, error: 0, delay: 0, reset: 0, timeout: 0 },
    })
    faults.clear()
    expect(faults.stats().GetObject?.calls).toBe(5) // clearing rules keeps the counts
    faults.resetStats()
    expect(faults.stats()).toEqual({})
  })

  it('removes one rule by id', () => {
    const faults = new FaultRegistry()
    const first = faults.add({ operation: 'A', status: 500, code: 'InternalError' })
    faults.add({ operation: 'B', status: 500, code: 'InternalError' })
    expect(faults.remove(first)).toBe(true)
    expect(faults.remove(first)).toBe(false)
    expect(faults.list().map((rule) => rule.operation)).toEqual(['B'])
  })

  it.each<[FaultRule, RegExp]>([
    [{ operation: '' }, /needs an "operation"/],
    [{ operation: 'X', status: 500 }, /both "status" and "code"/],
    [{ operation: 'X' }, /must inject an error/],
    [{ operation: 'X', kind: 'error' }, /"error" fault needs "status" and "code"/],
    [{ operation: 'X', kind: 'reset', status: 500, code: 'InternalError' }, /takes no "status"/],
    [{ operation: 'X', kind: 'bogus' as never }, /"kind" must be one of/],
    [{ operation: 'X', kind: 'reset', rate: 1.5 }, /"rate" must be a number from 0 to 1/],
    [{ operation: 'X', kind: 'reset', count: 0 }, /"count" must be a whole number/],
    [{ operation: 'X', kind: 'reset', seed: 1.5 }, /"seed" must be an integer/],
    [{ operation: 'X', kind: 'reset', except: ['Y'] }, /only goes with operation "\*"/],
    [{ operation: 'X', kind: 'timeout', delayMs: 0 }, /needs "delayMs" > 0/],
    [{ operation: 'X', status: 200, code: 'OK' }, /HTTP error status/],
    [{ operation: 'X', kind: 'reset', keyPattern: '(' }, /Invalid regular expression/],
  ])('rejects the rule %j', (rule, message) => {
    expect(() => new FaultRegistry().add(rule)).toThrow(message)
  })

  it('gives a timeout a 1 s default hold', () => {
    const faults = new FaultRegistry()
    faults.add({ operation: 'X', kind: 'timeout' })
    expect(faults.take('X')).toEqual({ kind: 'timeout', delayMs: 1000 })
  })
})
