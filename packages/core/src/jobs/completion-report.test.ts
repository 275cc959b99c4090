import { Readable } from 'node:stream'
import type { S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { AwsCallError } from '../errors.js'
import { openReport, readReport } from './completion-report.js'

type Body = () => AsyncIterable<Uint8Array>

/**
 * A stand-in S3 client that answers GetObject from `objects`, each body a Node Readable as the SDK
 * returns under Node, cut into `chunkBytes` pieces (so rows, quoted fields and UTF-8 characters
 * straddle chunks).
 */
function fakeS3(objects: Record<string, string | Body>, chunkBytes = 7): S3Client {
  const send = async (command: { input: { Bucket: string; Key: string } }) => {
    const object = objects[`${command.input.Bucket}/${command.input.Key}`]
    if (object === undefined) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } })
    const chunks = typeof object === 'string' ? pieces(new TextEncoder().encode(object), chunkBytes) : object()
    const stream = Readable.from(chunks, { objectMode: false })
    return {
      Body: Object.assign(stream, {
        transformToString: async () => Buffer.concat(await stream.toArray()).toString('utf8'),
      }),
    }
  }
  return { send } as unknown as S3Client
}

function* pieces(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size)
}

const LOCATION = { bucket: 'reports', prefix: 'seed', jobId: 'j1' }
const FOLDER = 'seed/job-j1'

function manifest(results: Array<{ status: 'succeeded' | 'failed'; name: string }>): string {
  return JSON.stringify({
    Format: 'Report_CSV_20180820',
    Results: results.map(({ status, name }) => ({ TaskExecutionStatus: status, Bucket: 'arn:aws:s3:::reports', Key: `${FOLDER}/results/${name}.csv` })),
  })
}

// Rows as AWS's samples write them (UG batch-ops-examples-reports): bucket,key,versionId,taskStatus,
// then the HTTP status and the error code in either order, then the message. Keys are as the
// manifest had them: percent-encoded (with `+` for a space) or raw, with commas, quotes and line breaks.
const SUCCEEDED_CSV = [
  'src,plain.txt,,succeeded,200,,Successful',
  'src,"dir/a,b.txt",v1,succeeded,200,,Successful',
  'src,"multi\nline ""quoted"" key",,succeeded,200,,Successful',
  '',
].join('\r\n')
const FAILED_CSV = [
  'src,photos%2F2024%2Fcaf%C3%A9+1.jpg,,failed,403,AccessDenied,"Access Denied"',
  'src,"raw,comma ""key""",v2,failed,403,AccessDenied,"Access Denied"',
  'src,"line\nbreak",,failed,500,InternalError,"We encountered an internal error, please try again."',
  'src,bad%zzencoding,,failed,403,AccessDenied,"Access Denied"',
  'src,slow%2Fdown,,failed,SlowDown,503,"Please reduce your request rate."',
  'src,fourth+denied,,failed,403,AccessDenied,"Access Denied"',
  'src,"again,internal",,failed,500,InternalError,"We encountered an internal error, please try again."',
  'src,no-code,,failed,,,',
].join('\n')
const MIXED = {
  [`reports/${FOLDER}/manifest.json`]: manifest([{ status: 'succeeded', name: 'ok' }, { status: 'failed', name: 'bad' }]),
  [`reports/${FOLDER}/results/ok.csv`]: SUCCEEDED_CSV,
  [`reports/${FOLDER}/results/bad.csv`]: FAILED_CSV,
}

describe('readReport', () => {
  // This summary is what the implementation that read each result file whole (util/csv.ts's
  // parseCsv on the text) gave for MIXED, checked against it before it was replaced.
  it.each([1, 3, 7, 4096])('sums up a mixed report as the whole-file reading did (%i-byte chunks)', async (chunkBytes) => {
    expect(await readReport(fakeS3(MIXED, chunkBytes), LOCATION)).toEqual({
      location: 's3://reports/seed/job-j1/manifest.json',
      succeeded: 3,
      failed: 8,
      failures: [
        { errorCode: 'AccessDenied', httpStatus: 403, count: 4, examples: ['photos/2024/café 1.jpg', 'raw,comma "key"', 'bad%zzencoding'], message: 'Access Denied' },
        { errorCode: 'InternalError', httpStatus: 500, count: 2, examples: ['line\nbreak', 'again,internal'], message: 'We encountered an internal error, please try again.' },
        { errorCode: 'SlowDown', httpStatus: 503, count: 1, examples: ['slow/down'], message: 'Please reduce your request rate.' },
        { errorCode: 'Unknown', httpStatus: undefined, count: 1, examples: ['no-code'], message: '' },
      ],
    })
  })

  it('keeps maxExamples keys per error code', async () => {
    const summary = await readReport(fakeS3(MIXED), { ...LOCATION, maxExamples: 1 })
    expect(summary?.failures.map((group) => group.examples)).toEqual([['photos/2024/café 1.jpg'], ['line\nbreak'], ['slow/down'], ['no-code']])
  })

  it('is undefined when the job wrote no report', async () => {
    expect(await readReport(fakeS3({}), LOCATION)).toBeUndefined()
  })

  it('sums up a report of many rows, streamed', async () => {
    const rows = 200_000
    const codes = ['AccessDenied,403', 'InternalError,500', 'SlowDown,503']
    // Every tenth task failed, with the codes in turn; keys of about 60 characters.
    async function* generated(status: 'succeeded' | 'failed') {
      let text = ''
      for (let index = 0; index < rows; index++) {
        const failed = index % 10 === 0
        if (failed !== (status === 'failed')) continue
        const key = `data/2024/${String(index).padStart(9, '0')}/part-%2C${index}.parquet`
        text += failed ? `src,${key},,failed,${(codes[(index / 10) % 3] as string).split(',').reverse().join(',')},"failed, sorry"\n` : `src,${key},,succeeded,200,,Successful\n`
        if (text.length >= 65_536) {
          yield Buffer.from(text)
          text = ''
        }
      }
      yield Buffer.from(text)
    }
    const s3 = fakeS3({
      [`reports/${FOLDER}/manifest.json`]: manifest([{ status: 'succeeded', name: 'ok' }, { status: 'failed', name: 'bad' }]),
      [`reports/${FOLDER}/results/ok.csv`]: () => generated('succeeded'),
      [`reports/${FOLDER}/results/bad.csv`]: () => generated('failed'),
    })
    const summary = await readReport(s3, LOCATION)
    expect(summary).toMatchObject({ succeeded: 180_000, failed: 20_000 })
    expect(summary?.failures.map(({ errorCode, httpStatus, count, examples, message }) => [errorCode, httpStatus, count, examples.join(' '), message])).toEqual([
      ['AccessDenied', 403, 6667, 'data/2024/000000000/part-,0.parquet data/2024/000000030/part-,30.parquet data/2024/000000060/part-,60.parquet', 'failed, sorry'],
      ['InternalError', 500, 6667, 'data/2024/000000010/part-,10.parquet data/2024/000000040/part-,40.parquet data/2024/000000070/part-,70.parquet', 'failed, sorry'],
      ['SlowDown', 503, 6666, 'data/2024/000000020/part-,20.parquet data/2024/000000050/part-,50.parquet data/2024/000000080/part-,80.parquet', 'failed, sorry'],
    ])
  })
})

describe('openReport', () => {
  it('yields the first rows before the rest of the file has arrived, and stops reading when left', async () => {
    let sent = 0
    let finished = false
    // 1,000 chunks of 100 rows: a reading that waits for the whole body sends them all.
    async function* long() {
      try {
        for (let chunk = 0; chunk < 1000; chunk++) {
          sent++
          yield Buffer.from('src,k%20ey,,failed,403,AccessDenied,"Access Denied"\n'.repeat(100))
        }
      } finally {
        finished = true
      }
    }
    const s3 = fakeS3({ [`reports/${FOLDER}/manifest.json`]: manifest([{ status: 'failed', name: 'bad' }]), [`reports/${FOLDER}/results/bad.csv`]: long })
    const report = await openReport(s3, LOCATION)
    const seen: string[] = []
    for await (const { fields, row } of report.lines(true)) {
      seen.push(`${fields[1]} ${row.key} ${row.errorCode}`)
      if (seen.length === 150) break
    }
    expect(seen.at(-1)).toBe('k%20ey k ey AccessDenied')
    // Readable.from reads ahead a little (its highWaterMark), not the whole body.
    expect(sent).toBeLessThan(10)
    await new Promise((resolve) => setImmediate(resolve))
    expect(finished).toBe(true)
    expect(sent).toBeLessThan(10)
  })

  it('turns a connection lost mid-file into an AwsCallError that names the file', async () => {
    async function* broken() {
      yield Buffer.from('src,k,,failed,403,AccessDenied,x\n')
      throw Object.assign(new Error('socket hang up'), { name: 'ECONNRESET', $metadata: {} })
    }
    const s3 = fakeS3({ [`reports/${FOLDER}/manifest.json`]: manifest([{ status: 'failed', name: 'bad' }]), [`reports/${FOLDER}/results/bad.csv`]: broken })
    const error = await readReport(s3, LOCATION).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AwsCallError)
    expect(error).toMatchObject({ operation: 'GetObject', code: 'ECONNRESET', message: expect.stringContaining(`Reading the report file s3://reports/${FOLDER}/results/bad.csv failed: ECONNRESET: socket hang up`) })
  })
})
