import { readFile } from 'node:fs/promises'
import { accountId as callerAccountId } from '../aws/account.js'
import type { SeedClients } from '../aws/clients.js'
import { InvalidInputError } from '../errors.js'
import { inputName, labelOf } from '../options/parse.js'
import type { PairSettings, SeedOptions, Surface } from '../options/schema.js'
import { pairsFromReplication, type RuleFinding } from './from-replication.js'
import { pairsFormatFor, parsePairs } from './parse-pairs.js'

/** Where a run's pairs come from: one pair, a pairs file, pairs written inline, or replication rules. */
export type PairsSource =
  | { kind: 'single'; source: string; destination: string }
  | { kind: 'file'; path: string }
  /** Lines as a pairs file holds them (the Action's `pairs` input written inline). */
  | { kind: 'text'; text: string }
  /** One pair per enabled replication rule of these buckets (none: every bucket of the account). */
  | { kind: 'replication'; buckets: string[] }

export interface ResolvePairsOptions {
  /** Settings for every pair; a pairs file may override them, a replication rule's copy settings win. */
  defaults: PairSettings
  clients: SeedClients
  /** The caller's account. Default: looked up with STS GetCallerIdentity when replication rules are read. */
  accountId?: string | undefined
  /** Where the options came from, so errors name the flag (`--pairs`) or the input (`pairs`). */
  surface: Exclude<Surface, 'pairs-file'>
}

export interface ResolvedPairs {
  pairs: SeedOptions[]
  /** With replication rules: what s3-seed found for every rule, and whether it seeds it. */
  findings?: RuleFinding[]
}

/** The pairs of a run, every value checked against the option schema. */
export async function resolvePairs(source: PairsSource, options: ResolvePairsOptions): Promise<ResolvedPairs> {
  const { defaults, surface } = options
  const input = inputName('pairs', { surface })
  switch (source.kind) {
    case 'single':
      return { pairs: [{ ...defaults, source: source.source, destination: source.destination }] }
    case 'text':
      return { pairs: parsePairs(source.text, { format: 'lines', name: `input ${input}`, defaults, input }) }
    case 'file': {
      let text: string
      try {
        text = await readFile(source.path, 'utf8')
      } catch (error) {
        throw new InvalidInputError(`${labelOf('pairs', { surface })}: cannot read the pairs file ${source.path}: ${(error as Error).message}`, input)
      }
      return { pairs: parsePairs(text, { format: pairsFormatFor(source.path), name: source.path, defaults, input }) }
    }
    case 'replication': {
      const plan = await pairsFromReplication(options.clients, options.accountId ?? (await callerAccountId(options.clients.sts)), source.buckets)
      // The run's settings apply to every pair; the rule's copy settings win.
      return { pairs: plan.pairs.map((pair) => ({ ...defaults, ...pair })), findings: plan.findings }
    }
  }
}

/** What s3-seed found for each replication rule, as the CLI and the Action print it. */
export function findingLines(findings: readonly RuleFinding[]): string[] {
  return [
    `Replication rules found: ${findings.length}`,
    ...findings.map((finding) => `  ${finding.source} rule ${finding.ruleId} -> ${finding.destination}: ${finding.action} (${finding.reason})`),
  ]
}
