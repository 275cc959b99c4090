import { describe, expect, it } from 'vitest'
import { AimdGate } from './aimd-gate.js'

describe('AimdGate', () => {
  it('grows by one per success until throttled (slow start), never past max', () => {
    const gate = new AimdGate(2, 6)
    gate.onSuccess()
    gate.onSuccess()
    expect(gate.limit).toBe(4)
    for (let i = 0; i < 10; i++) gate.onSuccess()
    expect(gate.limit).toBe(6)
  })

  it('halves on throttling, then grows by one per window of successes', async () => {
    const gate = new AimdGate(8, 10)
    gate.onThrottle()
    expect(gate.limit).toBe(4)
    gate.onThrottle()
    gate.onThrottle()
    gate.onThrottle()
    expect(gate.limit).toBe(1)
    for (let i = 0; i < 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10; i++) gate.onSuccess()
    expect(gate.limit).toBe(10)
  })

  it('holds callers beyond the limit until a slot frees', async () => {
    const gate = new AimdGate(2, 2)
    await gate.acquire()
    await gate.acquire()
    let third = false
    const waiting = gate.acquire().then(() => (third = true))
    await Promise.resolve()
    expect(third).toBe(false)
    gate.release()
    await waiting
    expect(third).toBe(true)
  })
})
