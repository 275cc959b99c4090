import { DescribeJobCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { AwsCallError, InvalidInputError } from '../errors.js'
import { isTransient, throughOutage, type OutageRetry } from './outage.js'
import { pollJob } from '../jobs/poll-job.js'

// mockClient(S3ControlClient) stubs the class's prototype, and test files share one process (no
// isolation): put the real send back after every test, or later files would talk to the stub.
afterEach(() => mockClient(S3ControlClient).restore())

// What a server cannot produce on demand: minutes of failing calls on a virtual clock.
function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } })
}
const networkError = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })

describe('isTransient', () => {
  it.each<[string, unknown, boolean]>([
    ['500 InternalServiceException', awsError('InternalServiceException', 500), true],
    ['503 ServiceUnavailable', awsError('ServiceUnavailable', 503), true],
    ['429 TooManyRequestsException', awsError('TooManyRequestsException', 429), true],
    ['SlowDown', awsError('SlowDown', 503), true],
    ['a connection reset', networkError(), true],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), true],
    ['wrapped in AwsCallError', new AwsCallError('x', 'DescribeJob', 'ServiceUnavailable', { cause: awsError('ServiceUnavailable', 503) }), true],
    ['403 AccessDenied', awsError('AccessDenied', 403), false],
    ['404 NotFoundException', awsError('NotFoundException', 404), false],
    ['400 BadRequestException', awsError('BadRequestException', 400), false],
    ['a programming error', new TypeError('x is undefined'), false],
  ])('%s: %s', (_, error, transient) => {
    expect(isTransient(error)).toBe(transient)
  })
})

describe('throughOutage', () => {
  /** A virtual clock that the injected sleep advances. */
  function clock() {
    let now = 0
    const sleeps: number[] = []
    return { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)), sleeps }
  }

  it('retries transient failures with capped, jittered exponential backoff, then succeeds', async () => {
    const time = clock()
    let calls = 0
    const retries: OutageRetry[] = []
    const result = await throughOutage('Describing job j', async () => (++calls <= 9 ? Promise.reject(awsError('ServiceUnavailable', 503)) : 'ok'), {
      ...time,
      random: () => 0.5,
      onRetry: (retry) => retries.push(retry),
    })
    expect(result).toBe('ok')
    // Half fixed, half random (0.5 here): 3/4 of 1, 2, 4 ... s, capped at 60 s.
    expect(time.sleeps).toEqual([750, 1500, 3000, 6000, 12000, 24000, 45000, 45000, 45000])
    expect(retries[0]).toMatchObject({ what: 'Describing job j', attempt: 1, error: 'ServiceUnavailable: ServiceUnavailable happened', outageMs: 0, maxOutageMs: 900_000 })
    expect(retries.at(-1)?.outageMs).toBe(137_250)
  })

  it('keeps the jitter within half to all of the capped delay', async () => {
    for (const random of [0, 0.999]) {
      const time = clock()
      let calls = 0
      await throughOutage('x', async () => (++calls <= 3 ? Promise.reject(networkError()) : 'ok'), { ...time, random: () => random })
      expect(time.sleeps).toEqual(random === 0 ? [500, 1000, 2000] : [1000, 1999, 3998])
    }
  })

  it('gives up once the outage lasts maxOutageMs, with the last error', async () => {
    const time = clock()
    const failure = awsError('InternalServiceException', 500)
    await expect(throughOutage('x', async () => Promise.reject(failure), { ...time, maxOutageMs: 10_000, random: () => 1 })).rejects.toBe(failure)
    expect(time.now()).toBe(10_000)
    expect(time.sleeps).toEqual([1000, 2000, 4000, 3000])
  })

  it('does not retry errors that are not transient', async () => {
    const time = clock()
    const denied = awsError('AccessDenied', 403)
    await expect(throughOutage('x', async () => Promise.reject(denied), time)).rejects.toBe(denied)
    expect(time.sleeps).toEqual([])
  })
})

describe('pollJob through an outage', () => {
  const active = { Job: { JobId: 'j', Status: 'Active', ProgressSummary: { TotalNumberOfTasks: 2, NumberOfTasksSucceeded: 1, NumberOfTasksFailed: 0 } } } as never
  const complete = { Job: { JobId: 'j', Status: 'Complete', ProgressSummary: { TotalNumberOfTasks: 2, NumberOfTasksSucceeded: 2, NumberOfTasksFailed: 0 } } } as never

  it('follows the job to its end through three 500s and two throttles', async () => {
    const mock = mockClient(S3ControlClient).on(DescribeJobCommand)
    mock.resolvesOnce(active)
    for (let index = 0; index < 3; index++) mock.rejectsOnce(awsError('InternalServiceException', 500))
    mock.rejectsOnce(awsError('TooManyRequestsException', 429)).rejectsOnce(awsError('TooManyRequestsException', 429)).resolves(complete)
    const retries: OutageRetry[] = []
    const result = await pollJob(new S3ControlClient({ maxAttempts: 1 }), {
      accountId: '123456789012', jobId: 'j', region: 'us-east-1', intervalMs: 10,
      sleep: async () => {},
      onRetry: (retry) => retries.push(retry),
    })
    expect(result).toMatchObject({ state: 'complete', job: { succeeded: 2 } })
    expect(retries.map((retry) => retry.error.split(':')[0])).toEqual([
      'InternalServiceException', 'InternalServiceException', 'InternalServiceException', 'TooManyRequestsException', 'TooManyRequestsException',
    ])
  })

  it('gives up after maxOutageMs, saying the job runs on and how to follow it', async () => {
    mockClient(S3ControlClient).on(DescribeJobCommand).rejects(awsError('ServiceUnavailable', 503))
    let now = 0
    const attempt = pollJob(new S3ControlClient({ maxAttempts: 1 }), {
      accountId: '123456789012', jobId: 'j', region: 'eu-west-1', maxOutageMs: 60_000,
      now: () => now, sleep: async (ms) => void (now += ms),
    })
    await expect(attempt).rejects.toThrow(/^Stopped following job j: DescribeJob kept failing for 1 min .*The job keeps running; follow it with s3-seed watch j --region eu-west-1, or allow a longer outage with --max-poll-outage\.$/)
  })

  it.each<[string, Error, unknown]>([
    ['AccessDenied fails at once', awsError('AccessDenied', 403), AwsCallError],
    ['NotFound fails at once as the user\'s error', awsError('NotFoundException', 404), InvalidInputError],
  ])('%s', async (_, error, type) => {
    const mock = mockClient(S3ControlClient)
    mock.on(DescribeJobCommand).rejects(error)
    const sleeps: number[] = []
    await expect(pollJob(new S3ControlClient({ maxAttempts: 1 }), { accountId: '123456789012', jobId: 'j', region: 'us-east-1', sleep: async (ms) => void sleeps.push(ms) })).rejects.toBeInstanceOf(type)
    expect(sleeps).toEqual([])
    expect(mock.commandCalls(DescribeJobCommand)).toHaveLength(1)
  })
})
