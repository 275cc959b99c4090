import { describe, expect, it } from 'vitest'
import { parseArgs } from './parse-args.js'

const argv = (line: string) => ['node', 's3-seed', ...line.split(' ').filter(Boolean)]

describe('parseArgs', () => {
  it.each<[string, unknown]>([
    ['src-bucket dst-bucket', { name: 'seed', options: { pairs: { kind: 'single', source: 'src-bucket', destination: 'dst-bucket' }, detach: false, dryRun: false, json: false, concurrency: 4, pollIntervalSeconds: 5, defaults: {} } }],
    [
      'src dst --detach --json --prefix logs/ --region eu-west-1 --priority 20 --no-report --require-replication --all',
      { name: 'seed', options: { pairs: { kind: 'single', source: 'src', destination: 'dst' }, detach: true, json: true, region: 'eu-west-1', defaults: { prefix: 'logs/', priority: 20, report: false, requireReplication: true, all: true } } },
    ],
    ['src dst --manifest generated --created-before 2026-11-01T00:00:00Z', { options: { defaults: { manifestSource: 'generated', createdBefore: new Date('2026-11-01T00:00:00Z') } } }],
    ['src dst --restore-archived 7', { options: { restoreArchivedDays: 7 } }],
    ['src dst --operation replicate', { options: { defaults: { operation: 'replicate' } } }],
    ['src dst --role-arn arn:aws:iam::123456789012:role/r --report-scope FailedTasksOnly', { options: { defaults: { roleArn: 'arn:aws:iam::123456789012:role/r', reportScope: 'FailedTasksOnly' } } }],
    ['--pairs pairs.csv --detach --concurrency 8', { name: 'seed', options: { pairs: { kind: 'file', path: 'pairs.csv' }, detach: true, concurrency: 8 } }],
    ['0123 1e3', { options: { pairs: { kind: 'single', source: '0123', destination: '1e3' } } }],
    ['src dst --prefix 007', { options: { defaults: { prefix: '007' } } }],
    ['--from-replication', { name: 'seed', options: { pairs: { kind: 'replication', buckets: [] } } }],
    ['--from-replication bucket-a bucket-b bucket-c --dry-run', { name: 'seed', options: { pairs: { kind: 'replication', buckets: ['bucket-a', 'bucket-b', 'bucket-c'] }, dryRun: true } }],
    ['status', { name: 'status', options: { jobIds: [], json: false } }],
    ['status a-1 b-2 --region us-west-2 --json', { name: 'status', options: { jobIds: ['a-1', 'b-2'], region: 'us-west-2', json: true } }],
    ['watch j-1 --poll-interval 2', { name: 'watch', options: { jobIds: ['j-1'], pollIntervalSeconds: 2 } }],
    ['cancel j-1 j-2', { name: 'cancel', options: { jobIds: ['j-1', 'j-2'] } }],
    ['verify src-b dst-b --etag --csv out.csv --prefix 0', { name: 'verify', options: { source: 'src-b', destination: 'dst-b', compareEtags: true, checksum: false, csvFile: 'out.csv', prefix: '0' } }],
    ['verify src-b dst-b --checksum', { name: 'verify', options: { source: 'src-b', destination: 'dst-b', compareEtags: false, checksum: true } }],
    ['cleanup b1 b2 --yes', { name: 'cleanup', options: { buckets: ['b1', 'b2'], yes: true } }],
    ['--help', { name: 'help' }],
    ['--version', { name: 'version' }],
  ])('%s', (line, expected) => {
    expect(parseArgs(argv(line))).toMatchObject(expected as object)
  })

  it.each([
    ['src', /Give a SOURCE and a DESTINATION/],
    ['src dst --pairs p.csv', /either SOURCE and DESTINATION or --pairs/],
    ['a-b c-d e-f', /Expected SOURCE and DESTINATION, got 3 buckets/],
    ['--from-replication --pairs p.csv', /either --from-replication or --pairs/],
    ['src dst --priority high', /--priority must be a whole number/],
    ['src dst --report-scope Some', /--report-scope must be AllTasks or FailedTasksOnly/],
    ['src dst --operation move', /--operation must be copy, replicate or auto/],
    ['src dst --created-before yesterday', /--created-before must be an ISO 8601 time/],
    ['src dst --poll-interval 0', /--poll-interval must be a positive number/],
    ['src dst --bogus', /Unknown option `--bogus`/],
    ['cancel', /missing required args/],
  ])('rejects %s', (line, message) => {
    expect(() => parseArgs(argv(line))).toThrow(message)
  })
})
