import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.js'
import { planSeed } from '../plan.js'
import type { SeedOptions } from '../options/schema.js'
import { decide } from './decide.js'
import type { SeedFacts } from './types.js'

const base: SeedOptions = { source: 'src-bucket', destination: 'dst-bucket' }
const regions = { source: 'us-east-1', destination: 'us-west-2', manifest: 'us-east-1', report: 'us-west-2' }
/**
 * One-way replication by a rule that covers only part of the pair (so auto mode copies), an empty
 * destination, a source without history, no job running.
 */
const facts = (over: Partial<SeedFacts> = {}): SeedFacts => ({
  accountId: '123456789012',
  partition: 'aws',
  owners: { source: '123456789012', destination: '123456789012', manifest: '123456789012', report: '123456789012' },
  regions,
  replication: { role: undefined, rules: [] },
  replicatesToDestination: true,
  replicationCoversPair: false,
  replicatesBack: false,
  earlierVersions: 0,
  sourceHasObjects: true,
  destinationHasObjects: false,
  ...over,
})
const running = { jobId: 'job-1', region: 'us-west-2', total: 5 }

type Row = [name: string, options: Partial<SeedOptions>, facts: Partial<SeedFacts>, dryRun: boolean, strategy: string, operation: string, warnings: number]

// Every strategy, every reason to pick it, and what wins when several apply.
const rows: Row[] = [
  ['empty destination: list everything', {}, {}, false, 'list-and-copy:all', 'copy', 0],
  ['destination has objects: compare', {}, { destinationHasObjects: true }, false, 'list-and-copy:compare', 'copy', 0],
  ['--all skips the comparison', { all: true }, { destinationHasObjects: true }, false, 'list-and-copy:all', 'copy', 0],
  ['source empty: nothing to do', {}, { sourceHasObjects: false }, false, 'nothing-to-do', 'copy', 0],
  ['no replication rule: copy, with a warning', {}, { replicatesToDestination: false, replicationCoversPair: false }, false, 'list-and-copy:all', 'copy', 1],
  ['two-way replication: Batch Replication', {}, { replicatesBack: true }, false, 'batch-replication', 'replicate', 0],
  ['earlier versions: Batch Replication', {}, { earlierVersions: 3 }, false, 'batch-replication', 'replicate', 0],
  ['a rule covers the pair: Batch Replication', {}, { replicationCoversPair: true }, false, 'batch-replication', 'replicate', 0],
  ['--operation copy overrides a covering rule', { operation: 'copy' }, { replicationCoversPair: true }, false, 'list-and-copy:all', 'copy', 0],
  ['a covering rule beats listing into a manifest', {}, { replicationCoversPair: true, destinationHasObjects: true }, false, 'batch-replication', 'replicate', 0],
  ['dry run with a covering rule', {}, { replicationCoversPair: true }, true, 'dry-run>batch-replication', 'replicate', 0],
  ['--operation copy overrides two-way', { operation: 'copy' }, { replicatesBack: true }, false, 'list-and-copy:all', 'copy', 0],
  ['--operation replicate', { operation: 'replicate' }, {}, false, 'batch-replication', 'replicate', 0],
  ['--manifest generated', { manifestSource: 'generated' }, {}, false, 'copy-with-s3-manifest:generated', 'copy', 1],
  ['--manifest inventory', { manifestSource: 's3://inv-bucket/a/manifest.json' }, {}, false, 'copy-with-s3-manifest:inventory', 'copy', 0],
  ['Batch Replication beats a generated manifest', { manifestSource: 'generated', operation: 'replicate' }, {}, false, 'batch-replication', 'replicate', 0],
  ['running job: follow it', {}, { runningJob: running }, false, 'follow', 'copy', 0],
  ['running job beats Batch Replication', {}, { runningJob: running, replicatesBack: true }, false, 'follow', 'replicate', 0],
  ['dry run of a list', {}, { destinationHasObjects: true }, true, 'dry-run>list-and-copy:compare', 'copy', 0],
  ['dry run ignores a running job', {}, { runningJob: running }, true, 'dry-run>list-and-copy:all', 'copy', 0],
  ['dry run of Batch Replication', {}, { replicatesBack: true }, true, 'dry-run>batch-replication', 'replicate', 0],
  ['dry run of an empty source', {}, { sourceHasObjects: false }, true, 'dry-run>nothing-to-do', 'copy', 0],
  ['--require-replication with versioning on', { requireReplication: true }, { destinationVersioned: true }, false, 'list-and-copy:all', 'copy', 0],
]

function describeStrategy(strategy: ReturnType<typeof decide>['strategy']): string {
  switch (strategy.kind) {
    case 'list-and-copy':
      return `list-and-copy:${strategy.compare ? 'compare' : 'all'}`
    case 'copy-with-s3-manifest':
      return `copy-with-s3-manifest:${strategy.manifest}`
    case 'dry-run':
      return `dry-run>${describeStrategy(strategy.then)}`
    default:
      return strategy.kind
  }
}

describe('decide', () => {
  it.each(rows)('%s', (_, options, over, dryRun, strategy, operation, warnings) => {
    const decision = decide(planSeed({ ...base, ...options }), facts(over), { dryRun })
    expect(describeStrategy(decision.strategy)).toBe(strategy)
    expect(decision.operation.name).toBe(operation)
    expect(decision.warnings).toHaveLength(warnings)
    expect(decision.strategy.reason.length).toBeGreaterThan(0)
  })

  it('says why it chose Batch Replication', () => {
    expect(decide(planSeed(base), facts({ replicatesBack: true }), { dryRun: false }).operation.reason).toMatch(/replicate to each other/)
    expect(decide(planSeed(base), facts({ earlierVersions: 7 }), { dryRun: false }).operation.reason).toMatch(/keeps earlier versions \(7/)
    expect(decide(planSeed(base), facts({ replicationCoversPair: true }), { dryRun: false }).operation.reason).toMatch(/covers every key: .* \(--operation copy to copy anyway\)/)
    expect(decide(planSeed({ ...base, prefix: 'logs/2024/' }), facts({ replicationCoversPair: true }), { dryRun: false }).operation.reason).toMatch(/covers logs\/2024\/ and everything under it/)
  })

  it.each<[string, Partial<SeedOptions>, Partial<SeedFacts>, string]>([
    ['--require-replication without a rule', { requireReplication: true }, { replicatesToDestination: false }, '--require-replication'],
    ['--require-replication with an unversioned destination', { requireReplication: true }, { destinationVersioned: false }, '--require-replication'],
    ['--operation replicate without a rule', { operation: 'replicate' }, { replicatesToDestination: false }, '--operation'],
    ['--operation replicate into an unversioned destination', { operation: 'replicate' }, { destinationVersioned: false }, 'Batch Replication needs versioning on the destination'],
    ['Batch Replication chosen for a covering rule, into an unversioned destination', {}, { replicationCoversPair: true, destinationVersioned: false }, '--operation copy'],
  ])('refuses %s, naming %s', (_, options, over, flag) => {
    const attempt = () => decide(planSeed({ ...base, ...options }), facts(over), { dryRun: false })
    expect(attempt).toThrow(InvalidInputError)
    expect(attempt).toThrow(flag)
  })
})
