import { describe, expect, it } from 'vitest'
import { AwsCallError, InvalidInputError } from './errors.js'
import type { JobSnapshot } from './jobs/job-snapshot.js'
import { followUpCommand, keptRunning, summarizeOutcome } from './outcome.js'
import type { PairOutcome } from './seed-many.js'
import type { SeedResult } from './seed/types.js'

const options = { source: 'src', destination: 'dst' }
const job = (status: JobSnapshot['status'], succeeded: number, failed: number): JobSnapshot => ({ jobId: 'j1', region: 'eu-west-1', status, total: succeeded + failed, succeeded, failed, elapsedSeconds: 1, failureReasons: [] })
const started = { jobId: 'j1', region: 'eu-west-1', objectCount: 3, skipped: 0, manifest: 's3://src/m.csv', diverted: { large: { count: 0, bytes: 0, keys: [] }, archived: { count: 0, examples: [] } } }
const finished = (outcome: Extract<SeedResult, { kind: 'finished' }>['outcome'], extra: Partial<Extract<SeedResult, { kind: 'finished' }>> = {}): PairOutcome => ({
  options,
  result: { kind: 'finished', plan: {} as never, outcome, ...started, ...extra },
})
const result = (result: Partial<SeedResult> & { kind: SeedResult['kind'] }): PairOutcome => ({ options, result: { plan: {} as never, ...started, ...result } as SeedResult })

describe('summarizeOutcome', () => {
  it.each<[string, PairOutcome, { state: string; exit: string; total: number; succeeded: number; failed: number; followUps: string[] }]>([
    ['a complete job', finished({ state: 'complete', job: job('Complete', 3, 0) }), { state: 'Complete', exit: 'ok', total: 3, succeeded: 3, failed: 0, followUps: [] }],
    ['a complete job with failed tasks', finished({ state: 'complete', job: job('Complete', 2, 1) }), { state: 'Complete', exit: 'tasks-failed', total: 3, succeeded: 2, failed: 1, followUps: ['s3-seed retry j1 --region eu-west-1'] }],
    ['a failed job', finished({ state: 'failed', job: job('Failed', 0, 0), reasons: [] }), { state: 'Failed', exit: 'job-failed', total: 0, succeeded: 0, failed: 0, followUps: ['s3-seed retry j1 --region eu-west-1'] }],
    ['a cancelled job', finished({ state: 'cancelled', job: job('Cancelled', 1, 0) }), { state: 'Cancelled', exit: 'job-failed', total: 1, succeeded: 1, failed: 0, followUps: ['s3-seed retry j1 --region eu-west-1'] }],
    [
      'retry rounds that fixed every failure',
      finished({ state: 'complete', job: job('Complete', 1, 2) }, { totals: { total: 3, succeeded: 3, failed: 0, changedOrGone: 0, jobIds: ['j1', 'j2'] }, rounds: [{ round: 1, jobId: 'j2', region: 'eu-west-1', objectCount: 2, manifest: 'm', outcome: { state: 'complete', job: job('Complete', 2, 0) } }] }),
      { state: 'Complete', exit: 'ok', total: 3, succeeded: 3, failed: 0, followUps: [] },
    ],
    [
      'a copy whose late copies were all repaired',
      finished({ state: 'complete', job: job('Complete', 3, 0) }, { convergence: { written: 2, settledMs: 5, repaired: { stale: 1, resurrected: 1, keys: ['a', 'b'] }, unconverged: [], nextCommands: [] } }),
      { state: 'Complete', exit: 'ok', total: 3, succeeded: 3, failed: 0, followUps: [] },
    ],
    [
      'a copy with a key that did not converge',
      finished({ state: 'complete', job: job('Complete', 3, 0) }, { convergence: { written: 1, settledMs: 5, repaired: { stale: 0, resurrected: 0, keys: [] }, unconverged: [{ key: 'k', problem: 'replication-failed', detail: 'FAILED' }], nextCommands: [] } }),
      { state: 'Complete', exit: 'tasks-failed', total: 3, succeeded: 3, failed: 0, followUps: [] },
    ],
    [
      'a copy whose convergence check failed',
      finished({ state: 'complete', job: job('Complete', 3, 0) }, { convergence: { written: 0, settledMs: 0, repaired: { stale: 0, resurrected: 0, keys: [] }, unconverged: [], error: 'AccessDenied', nextCommands: [] } }),
      { state: 'Complete', exit: 'tasks-failed', total: 3, succeeded: 3, failed: 0, followUps: [] },
    ],
    ['a job no longer followed', finished({ state: 'aborted', job: job('Active', 1, 0) }), { state: 'Timeout', exit: 'stopped', total: 1, succeeded: 1, failed: 0, followUps: ['s3-seed watch j1 --region eu-west-1', 's3-seed cancel j1 --region eu-west-1'] }],
    ['a detached job', result({ kind: 'created' }), { state: 'New', exit: 'ok', total: 3, succeeded: 0, failed: 0, followUps: ['s3-seed status j1 --region eu-west-1'] }],
    ['nothing to copy', result({ kind: 'empty' }), { state: 'Empty', exit: 'ok', total: 0, succeeded: 0, failed: 0, followUps: [] }],
    ['a dry run', result({ kind: 'dry-run', objectCount: 7 } as never), { state: 'DryRun', exit: 'ok', total: 7, succeeded: 0, failed: 0, followUps: [] }],
    ['bad input', { options, error: new InvalidInputError('bad', '--prefix') }, { state: 'Error', exit: 'invalid-input', total: 0, succeeded: 0, failed: 0, followUps: [] }],
    ['an AWS error', { options, error: new AwsCallError('denied', 'CreateJob', 'AccessDenied') }, { state: 'Error', exit: 'aws-error', total: 0, succeeded: 0, failed: 0, followUps: [] }],
  ])('%s', (_, outcome, expected) => {
    const [pair] = summarizeOutcome([outcome]).pairs
    expect({ state: pair?.state, exit: pair?.exit, total: pair?.total, succeeded: pair?.succeeded, failed: pair?.failed, followUps: pair?.followUps.map(followUpCommand) }).toEqual(expected)
  })

  it('says Interrupted rather than Timeout when the run was interrupted, and lists every job kept running', () => {
    const rounds = [{ round: 1, jobId: 'j2', region: 'eu-west-1', objectCount: 1, manifest: 'm', outcome: { state: 'aborted' as const } }]
    const summary = summarizeOutcome([finished({ state: 'complete', job: job('Complete', 2, 1) }, { rounds })], { interrupted: true })
    const pair = summary.pairs[0]
    expect(pair?.state).toBe('Interrupted')
    expect(pair && keptRunning(pair)).toEqual([
      ['j1', 's3-seed watch j1 --region eu-west-1', 's3-seed cancel j1 --region eu-west-1'],
      ['j2', 's3-seed watch j2 --region eu-west-1', 's3-seed cancel j2 --region eu-west-1'],
    ])
  })

  it('takes a detached job state from DescribeJob right after creation', () => {
    const createdJobs = new Map([['j1', job('Preparing', 0, 0)]])
    expect(summarizeOutcome([result({ kind: 'created' })], { createdJobs }).pairs[0]?.state).toBe('Preparing')
  })

  it.each([
    [['Complete', 'Complete'], 'Complete'],
    [['Complete', 'Failed', 'Cancelled'], 'Failed'],
    [['Complete', 'Error'], 'Error'],
    [['Complete', 'Preparing'], 'Preparing'],
    [['Empty', 'Complete'], 'Complete'],
    [['New', 'Preparing'], 'New'],
  ])('the run state of %j is %s', (states, expected) => {
    const createdJobs = new Map(states.map((status, index) => [`j${index}`, { ...job(status as JobSnapshot['status'], 0, 0), jobId: `j${index}` }]))
    const outcomes = states.map((status, index): PairOutcome => {
      if (status === 'Error') return { options, error: new Error('boom') }
      if (status === 'Empty') return result({ kind: 'empty' })
      return ['Complete', 'Failed', 'Cancelled'].includes(status)
        ? finished({ state: status === 'Complete' ? 'complete' : 'cancelled', job: job(status as JobSnapshot['status'], 1, 0) } as never)
        : result({ kind: 'created', jobId: `j${index}` })
    })
    expect(summarizeOutcome(outcomes, { createdJobs }).state).toBe(expected)
  })

  it('sums counts over pairs, lists every job with its retry jobs, and takes the worst exit', () => {
    const rounds = [{ round: 1, jobId: 'j1-retry', region: 'eu-west-1', objectCount: 1, manifest: 'm', outcome: { state: 'complete' as const, job: job('Complete', 0, 1) } }]
    const summary = summarizeOutcome([
      finished({ state: 'complete', job: job('Complete', 2, 1) }, { rounds, totals: { total: 3, succeeded: 2, failed: 1, changedOrGone: 0, jobIds: ['j1', 'j1-retry'] } }),
      { options, error: new InvalidInputError('bad') },
      finished({ state: 'complete', job: { ...job('Complete', 4, 0), jobId: 'j3' } }, { jobId: 'j3' }),
    ])
    expect(summary).toMatchObject({ total: 7, succeeded: 6, failed: 1, jobIds: ['j1', 'j1-retry', 'j3'], exit: 'invalid-input', state: 'Error' })
  })
})
