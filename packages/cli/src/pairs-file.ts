import { InvalidInputError, pairsFormatFor, parsePairs, type PairSettings, type SeedOptions } from '@s3-seed/core'
import { readFile } from 'node:fs/promises'

/** Reads a --pairs file: CSV lines, JSON or YAML by extension (see parsePairs in core). */
export async function readPairsFile(path: string, defaults: PairSettings): Promise<SeedOptions[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InvalidInputError(`Cannot read --pairs file ${path}: ${(error as Error).message}`, '--pairs')
  }
  return parsePairs(text, { format: pairsFormatFor(path), name: path, defaults })
}
