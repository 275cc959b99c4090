/**
 * mulberry32: a tiny seeded 32-bit PRNG (public domain, Tommy Ettinger). Good enough to decide
 * "does this call fail?" repeatably; not for anything cryptographic. Returns numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A random 32-bit seed, for rules that did not name one (the rule reports it, so a run can be replayed). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0
}
