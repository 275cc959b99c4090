import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.js'
import { reviewPairSet } from './pair-set.js'

describe('reviewPairSet', () => {
  it('refuses a duplicate pair, naming both entries and the flag', () => {
    const pairs = [
      { source: 'a', destination: 'b', origin: 'pairs.csv line 2' },
      { source: 'c', destination: 'd', origin: 'pairs.csv line 3' },
      { source: 'a', destination: 'b', origin: 'pairs.csv line 4' },
    ]
    expect(() => reviewPairSet(pairs, '--pairs')).toThrow(InvalidInputError)
    expect(() => reviewPairSet(pairs, '--pairs')).toThrow('pairs.csv line 2 and pairs.csv line 4 are the same pair, a -> b: both would write one manifest and one job. Remove one of them.')
  })

  it('names entries by position when they have no origin, and tells prefixes apart', () => {
    expect(() => reviewPairSet([{ source: 'a', destination: 'b', prefix: 'x/' }, { source: 'a', destination: 'b', prefix: 'x/' }], 'pairs')).toThrow(/^pair 1 and pair 2 are the same pair, a -> b \(prefix "x\/"\)/)
    expect(reviewPairSet([{ source: 'a', destination: 'b', prefix: 'x/' }, { source: 'a', destination: 'b', prefix: 'y/' }], '--pairs').warnings).toEqual([])
  })

  it('warns about a destination that is another pair\'s source, and about overlapping writes to one destination', () => {
    const { warnings } = reviewPairSet(
      [
        { source: 'a', destination: 'b' },
        { source: 'b', destination: 'c' },
        { source: 'd', destination: 'c', prefix: 'logs/' },
      ],
      '--pairs',
    )
    expect(warnings).toEqual([
      { index: 0, message: 'a -> b writes into b, which pair 2 reads as its source: what that pair copies depends on when this one lands.' },
      { index: 2, message: 'd -> c (prefix "logs/") and pair 2 both write c, over overlapping keys: the later copy of a key wins.' },
    ])
  })
})
