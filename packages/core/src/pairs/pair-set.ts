import { InvalidInputError } from '../errors.js'
import type { SeedOptions } from '../options/schema.js'

/** What a set of pairs is worth knowing before any of them runs. */
export interface PairSetReview {
  /** Warnings, each with the index of the pair it is about. */
  warnings: Array<{ index: number; message: string }>
}

const nameOf = (pair: SeedOptions, index: number) => pair.origin ?? `pair ${index + 1}`
const describe = (pair: SeedOptions) => `${pair.source} -> ${pair.destination}${pair.prefix ? ` (prefix ${JSON.stringify(pair.prefix)})` : ''}`

/**
 * Refuses duplicate pairs (same source, destination and prefix): they would share one manifest key
 * and one job description, and each would abort the other's manifest upload. Warns, without refusing,
 * about a destination that is also another pair's source (the copy becomes that pair's input while it
 * runs) and a destination shared by pairs whose prefixes overlap (both copy the same keys). Pure.
 */
export function reviewPairSet(pairs: readonly SeedOptions[], flag: string): PairSetReview {
  const seen = new Map<string, number>()
  pairs.forEach((pair, index) => {
    const key = JSON.stringify([pair.source, pair.destination, pair.prefix ?? ''])
    const first = seen.get(key)
    if (first !== undefined) {
      throw new InvalidInputError(
        `${nameOf(pairs[first] as SeedOptions, first)} and ${nameOf(pair, index)} are the same pair, ${describe(pair)}: both would write one manifest and one job. Remove one of them.`,
        flag,
      )
    }
    seen.set(key, index)
  })
  const warnings: PairSetReview['warnings'] = []
  pairs.forEach((pair, index) => {
    const feeds = pairs.findIndex((other) => other.source === pair.destination)
    if (feeds !== -1) {
      warnings.push({ index, message: `${describe(pair)} writes into ${pair.destination}, which ${nameOf(pairs[feeds] as SeedOptions, feeds)} reads as its source: what that pair copies depends on when this one lands.` })
    }
    const overlapping = pairs.findIndex((other, otherIndex) => otherIndex < index && other.destination === pair.destination && overlap(other.prefix ?? '', pair.prefix ?? ''))
    if (overlapping !== -1) {
      warnings.push({ index, message: `${describe(pair)} and ${nameOf(pairs[overlapping] as SeedOptions, overlapping)} both write ${pair.destination}, over overlapping keys: the later copy of a key wins.` })
    }
  })
  return { warnings }
}

const overlap = (a: string, b: string) => a.startsWith(b) || b.startsWith(a)
