import { AwsCallError, type PairSummary, type RunSummary } from '@s3-seed/core'
import { describe, expect, it } from 'vitest'
import { actionOutputs, failureMessage, followOrCancel, sessionWarning } from './results.js'

const pair = (extra: Partial<PairSummary>): PairSummary => ({ source: 's-a', destination: 'd-a', jobIds: [], state: 'Complete', total: 2, succeeded: 2, failed: 0, changedOrGone: 0, exit: 'ok', followUps: [], ...extra })
const run = (...pairs: PairSummary[]): RunSummary => ({ pairs, state: pairs[0]?.state ?? 'Empty', total: 0, succeeded: 0, failed: 0, jobIds: pairs.flatMap((one) => one.jobIds), exit: 'ok' })
const stopped = (state: string) =>
  pair({ state, exit: 'stopped', jobId: 'j', region: 'eu-west-1', jobIds: ['j'], followUps: [{ command: 'watch', jobIds: ['j'], region: 'eu-west-1' }, { command: 'cancel', jobIds: ['j'], region: 'eu-west-1' }] })

describe('the step result', () => {
  it('writes core summary as outputs: first job, every job, state and sums', () => {
    const summary = { ...run(pair({ jobId: 'j1', jobIds: ['j1', 'j1-retry'], changedOrGone: 2 }), pair({ jobId: 'j2', jobIds: ['j2'], error: new Error('x') })), state: 'Error', total: 4, succeeded: 3, failed: 1 }
    const outputs = actionOutputs(summary)
    expect(outputs).toMatchObject({ 'job-id': 'j1', 'job-ids': '["j1","j1-retry","j2"]', state: 'Error', total: '4', succeeded: '3', failed: '1' })
    expect(JSON.parse(outputs.results ?? '')).toEqual([
      { source: 's-a', destination: 'd-a', jobId: 'j1', state: 'Complete', total: 2, succeeded: 2, failed: 0, changedOrGone: 2, retryJobIds: ['j1-retry'] },
      { source: 's-a', destination: 'd-a', jobId: 'j2', state: 'Complete', total: 2, succeeded: 2, failed: 0, error: 'x' },
    ])
  })

  it('fails on errors, failed jobs, timeouts and (unless allowed) failed tasks, as core classified them', () => {
    const tasksFailed = pair({ failed: 1, exit: 'tasks-failed', jobId: 'j', followUps: [{ command: 'retry', jobIds: ['j'], region: 'eu-west-1' }] })
    expect(failureMessage(run(pair({})), true, 10)).toBeUndefined()
    expect(failureMessage(run(tasksFailed), true, 10)).toBe('s-a -> d-a: 1 of 2 tasks failed (set fail-on-task-failures: false to allow). Run them again with: s3-seed retry j --region eu-west-1')
    expect(failureMessage(run(tasksFailed), false, 10)).toBeUndefined()
    expect(failureMessage(run(pair({ state: 'Failed', exit: 'job-failed', jobId: 'j' })), false, 10)).toBe('s-a -> d-a: job j ended Failed')
    expect(failureMessage(run(stopped('Timeout')), true, 10)).toMatch(/stopped waiting after 10 min \(input timeout-minutes\); job j keeps running/)
    expect(failureMessage(run(stopped('Interrupted')), true, 10)).toBe(
      's-a -> d-a: the workflow was cancelled; job j keeps running: follow it with s3-seed watch j --region eu-west-1, stop it with s3-seed cancel j --region eu-west-1',
    )
    expect(failureMessage(run(pair({ state: 'Error', exit: 'aws-error', error: new AwsCallError('boom', 'CreateJob', 'AccessDenied') })), true, 10)).toBe('s-a -> d-a: boom')
  })

  it('counts repaired and unconverged keys, and fails on the latter whatever fail-on-task-failures says', () => {
    const repaired = { written: 3, settledMs: 900, repaired: { stale: 2, resurrected: 1, keys: ['a', 'b', 'c'] }, unconverged: [], nextCommands: [] }
    const left = {
      ...repaired,
      repaired: { stale: 0, resurrected: 0, keys: [] },
      unconverged: [{ key: 'k', problem: 'replication-failed' as const, detail: 'replication of version v FAILED (x-amz-replication-status)' }],
      nextCommands: ['s3-seed seed s-a d-a --operation replicate'],
    }
    const summary = run(pair({ convergence: repaired }), pair({ exit: 'tasks-failed', convergence: left }))
    expect(actionOutputs(summary)).toMatchObject({ repaired: '3', unconverged: '1' })
    expect(JSON.parse(actionOutputs(summary).results ?? '')[1].convergence.unconverged).toEqual(left.unconverged)
    expect(failureMessage(run(pair({ exit: 'tasks-failed', convergence: left })), false, 10)).toBe(
      's-a -> d-a: Checked 3 key(s) written during the seeding (replication settled in 1 s): 0 late copies removed (0 stale, 0 resurrected), 1 key(s) not converged:\n' +
        '  "k": replication-failed (replication of version v FAILED (x-amz-replication-status))\n' +
        '  Then: s3-seed seed s-a d-a --operation replicate',
    )
  })

  it('names the commands that follow and stop every job left running', () => {
    expect(followOrCancel(stopped('Timeout'))).toBe('job j keeps running: follow it with s3-seed watch j --region eu-west-1, stop it with s3-seed cancel j --region eu-west-1')
  })
})

describe('sessionWarning', () => {
  const now = Date.parse('2026-12-02T12:00:00Z')
  it('warns when the credentials end before timeout-minutes, and only then', () => {
    expect(sessionWarning(new Date('2026-12-02T13:00:00Z'), 330, now)).toMatch(/^The AWS credentials expire in 60 min \(2026-12-02T13:00:00.000Z\), before timeout-minutes \(330\).*mode: detached/)
    expect(sessionWarning(new Date('2026-12-02T18:00:00Z'), 330, now)).toBeUndefined()
    expect(sessionWarning(undefined, 330, now)).toBeUndefined()
  })
})
