import { setFlagsFromString } from 'node:v8'

/**
 * How much V8 grows the old generation past what a full garbage collection found alive: 200%, three
 * times. V8 picks a factor of up to 4 when collecting is cheap: a 10M-key verify peaked at 225 MB
 * (74 s, 41 CPU-s); 3× gave 175 MB (79 s, 49 CPU-s, the extra mostly on the collector's threads); 2×
 * gave 156 MB for 60 CPU-s, and 1.5× slowed 1M-key comparisons by a tenth (decisions §23).
 */
export const HEAP_GROWING_PERCENT = 200

/**
 * Keeps V8's heap close to what the process keeps alive, for the rest of the process:
 * - the young generation stays at its starting size (`--semi-space-growth-factor=1`). A listing's
 *   pages live for a round trip or two, long enough to survive scavenges: V8 then grows the young
 *   generation to its maximum (32 MB on Node 20, 64 MB on Node 24) and the old one with it;
 * - the old generation grows to at most three times what survived the last full collection
 *   (`--heap-growing-percent`, HEAP_GROWING_PERCENT) rather than four.
 *
 * Process-wide, so the programs that own their process call it first (the CLI, the Action, the
 * benchmark's tools, which run as the CLI does); the library never does it for its host. V8 reads
 * both flags each time it sizes a generation, so they work after start-up (`--max-semi-space-size`
 * and `--max-old-space-size` do not). Only on the V8 versions they were checked on (Node 20 to 24):
 * an unknown flag would print an error.
 */
export function limitHeapGrowth(v8Version = process.versions.v8): boolean {
  const major = Number(v8Version.split('.')[0])
  if (!(major >= 11 && major <= 13)) return false
  setFlagsFromString('--semi-space-growth-factor=1')
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  return true
}
