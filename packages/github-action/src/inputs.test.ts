import { describe, expect, it } from 'vitest'
import { readInputs } from './inputs.js'

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''

describe('readInputs', () => {
  it('applies the defaults of action.yml', () => {
    expect(readInputs(reader({ source: 'src-bucket', destination: 'dst-bucket' }))).toEqual({
      pairs: { kind: 'single', source: 'src-bucket', destination: 'dst-bucket' },
      mode: 'attached',
      settings: { report: true, priority: 10, requireReplication: false, all: false, operation: 'auto', manifestSource: 'list' },
      concurrency: 4,
      pollIntervalSeconds: 15,
      timeoutMinutes: 330,
      failOnTaskFailures: true,
      dryRun: false,
      check: true,
      checkOnly: false,
      maskAccountId: true,
      maxPollOutageMinutes: 15,
      retryRounds: 2,
      settleTimeoutMinutes: 5,
    })
  })

  it('reads every setting', () => {
    const inputs = readInputs(
      reader({
        pairs: 'a-src a-dst\nb-src,b-dst,logs/', mode: 'detached', region: 'eu-west-1', prefix: 'p/', 'role-arn': 'arn:aws:iam::123456789012:role/r',
        'manifest-bucket': 'manifests', report: 'false', priority: '50', concurrency: '8', 'poll-interval': '30', 'timeout-minutes': '60',
        'fail-on-task-failures': 'False', 'dry-run': 'TRUE', 'mask-account-id': 'false', 'require-replication': 'true',
        operation: 'replicate', manifest: 'generated', all: 'true',
      }),
    )
    expect(inputs).toMatchObject({
      pairs: { kind: 'text', text: 'a-src a-dst\nb-src,b-dst,logs/' },
      mode: 'detached',
      region: 'eu-west-1',
      settings: { prefix: 'p/', roleArn: 'arn:aws:iam::123456789012:role/r', manifestBucket: 'manifests', report: false, priority: 50, requireReplication: true, operation: 'replicate', manifestSource: 'generated', all: true },
      concurrency: 8, pollIntervalSeconds: 30, timeoutMinutes: 60, failOnTaskFailures: false, dryRun: true, maskAccountId: false,
    })
    expect(readInputs(reader({ pairs: 'config/pairs.yaml' })).pairs).toEqual({ kind: 'file', path: 'config/pairs.yaml' })
  })

  it.each<[Record<string, string>, string, RegExp]>([
    [{}, 'source', /Set both `source` and `destination`/],
    [{ source: 'a-src' }, 'destination', /Set both `source` and `destination`/],
    [{ source: 'a-src', destination: 'a-dst', pairs: 'x y' }, 'pairs', /either `source` and `destination`, or `pairs`/],
    [{ source: 'a-src', destination: 'a-dst', mode: 'later' }, 'mode', /`mode` must be attached or detached, not "later"/],
    [{ source: 'a-src', destination: 'a-dst', 'dry-run': 'yes' }, 'dry-run', /`dry-run` must be true or false, not "yes"/],
    [{ source: 'a-src', destination: 'a-dst', operation: 'move' }, 'operation', /`operation` must be copy, replicate or auto, not "move"/],
    [{ source: 'a-src', destination: 'a-dst', priority: '1.5' }, 'priority', /`priority` must be a whole number from 0 to 2147483647/],
    [{ source: 'a-src', destination: 'a-dst', concurrency: '0' }, 'concurrency', /`concurrency` must be a whole number from 1 to 64/],
    [{ source: 'a-src', destination: 'a-dst', 'poll-interval': 'fast' }, 'poll-interval', /`poll-interval` must be a positive number/],
  ])('rejects %j naming %s', (inputs, input, message) => {
    const error = (() => {
      try {
        readInputs(reader(inputs))
      } catch (caught) {
        return caught as Error & { input?: string }
      }
    })()
    expect(error?.message).toMatch(message)
    expect(error?.input).toBe(input)
  })
})
