import { describe, expect, it } from 'vitest'
import { KeyAlphabet } from './key-alphabet.js'

describe('KeyAlphabet', () => {
  it('answers as a fresh alphabet fed the same keys would, however often it was asked before', () => {
    // Keys that widen the alphabet step by step: digits only, then hex letters, then a letter past
    // f, then enough keys for the digit positions to settle (its answers change at each step).
    const keys = [
      ...Array.from({ length: 300 }, (_, index) => `id-${String(index * 7).padStart(6, '0')}`),
      'id-00a0b1',
      'id-00f0c2',
      'id-00z000',
      ...Array.from({ length: 300 }, (_, index) => `id-${String(index * 13).padStart(6, '0')}/x`),
    ]
    const asked = new KeyAlphabet()
    const seen: string[] = []
    const ends = [[], [0x30], [0x61, 0x39], [0x2f], [0x7a, 0x41]]
    for (const key of keys) {
      asked.observe(key)
      seen.push(key)
      const fresh = new KeyAlphabet()
      for (const each of seen) fresh.observe(each)
      for (let position = 0; position < 12; position++) {
        for (const also of ends) expect(asked.at(position, also)).toEqual(fresh.at(position, also))
      }
    }
  })

  it('widens digits to hex letters once digit positions showed a-f', () => {
    const alphabet = new KeyAlphabet()
    alphabet.observe('0123')
    expect(alphabet.at(0, [])).toEqual([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39])
    alphabet.observe('a1b2')
    expect(alphabet.at(0, []).map((char) => String.fromCharCode(char)).join('')).toBe('0123456789abcdef')
  })
})
