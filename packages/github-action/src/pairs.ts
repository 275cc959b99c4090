import { pairsFormatFor, pairsFromReplication, parsePairs, InvalidInputError, type SeedClients, type SeedOptions } from '@s3-seed/core'
import { readFile } from 'node:fs/promises'
import type { ActionInputs } from './inputs.js'

/** The pairs to seed: one, the lines or file of `pairs`, or one per enabled rule with `from-replication`. */
export async function resolvePairs(inputs: ActionInputs, clients: SeedClients, accountId: string, log: (line: string) => void): Promise<SeedOptions[]> {
  const { pairs, settings } = inputs
  switch (pairs.kind) {
    case 'single':
      return [{ ...settings, source: pairs.source, destination: pairs.destination }]
    case 'text':
      return parsePairs(pairs.text, { format: 'lines', name: 'input pairs', defaults: settings, input: 'pairs' })
    case 'replication': {
      const plan = await pairsFromReplication(clients, accountId, pairs.buckets)
      log(`Replication rules found: ${plan.findings.length}`)
      for (const finding of plan.findings) log(`  ${finding.source} rule ${finding.ruleId} -> ${finding.destination}: ${finding.action} (${finding.reason})`)
      // The inputs apply to every pair; the rule's copy settings win.
      return plan.pairs.map((pair) => ({ ...settings, ...pair }))
    }
    case 'file': {
      let text: string
      try {
        text = await readFile(pairs.path, 'utf8')
      } catch (error) {
        throw new InvalidInputError(`Input \`pairs\`: cannot read the pairs file ${pairs.path}: ${(error as Error).message}`, 'pairs')
      }
      return parsePairs(text, { format: pairsFormatFor(pairs.path), name: pairs.path, defaults: settings, input: 'pairs' })
    }
  }
}
