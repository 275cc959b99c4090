import { setFlagsFromString } from 'node:v8'

/**
 * Keeps V8's young generation at its starting size (`--semi-space-growth-factor=1`) for the rest of
 * the process. A listing's pages live for a round trip or two, long enough to survive scavenges:
 * V8 then grows the young generation to its maximum (32 MB on Node 20, 64 MB on Node 24) and lets
 * the old one grow with it, which cost a 10M-key listing about 40 MB of peak RSS for no speed.
 *
 * Process-wide, so the programs that own their process call it first (the CLI, the Action, the
 * benchmark's tools, which run as the CLI does); the library never does it for its host. V8 reads
 * this flag each time it would grow the young generation, so it works after start-up
 * (`--max-semi-space-size` does not). Only on the V8 versions it was checked on (Node 20 to 24):
 * an unknown flag would print an error.
 */
export function limitYoungGeneration(v8Version = process.versions.v8): boolean {
  const major = Number(v8Version.split('.')[0])
  if (!(major >= 11 && major <= 13)) return false
  setFlagsFromString('--semi-space-growth-factor=1')
  return true
}
