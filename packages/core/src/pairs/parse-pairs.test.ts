import { describe, expect, it } from 'vitest'
import { clientOptionsFromEnv } from '../aws/client-env.js'
import { pairsFormatFor, parsePairs } from './parse-pairs.js'

describe('parsePairs', () => {
  it('reads lines: commas or whitespace, comments, a header, an optional prefix', () => {
    const text = 'source,destination\n# comment\n\nsrc-a,dst-a\nsrc-b dst-b logs/\n  src-c , dst-c , data/ \n'
    expect(parsePairs(text, { format: 'lines', name: 'pairs.csv', defaults: { priority: 5 } })).toEqual([
      { priority: 5, source: 'src-a', destination: 'dst-a', origin: 'pairs.csv line 4' },
      { priority: 5, source: 'src-b', destination: 'dst-b', prefix: 'logs/', origin: 'pairs.csv line 5' },
      { priority: 5, source: 'src-c', destination: 'dst-c', prefix: 'data/', origin: 'pairs.csv line 6' },
    ])
  })

  it('reads JSON and YAML lists, with per-pair settings over the defaults', () => {
    const json = JSON.stringify({ pairs: [{ source: 'src-a', destination: 'dst-a', priority: 9 }] })
    expect(parsePairs(json, { format: 'json', name: 'p.json', defaults: { priority: 5, prefix: 'x/' } })).toEqual([{ priority: 9, prefix: 'x/', source: 'src-a', destination: 'dst-a', origin: 'p.json entry 1' }])
    expect(parsePairs('- source: src-a\n  destination: dst-a\n  roleArn: arn:aws:iam::123456789012:role/r\n', { format: 'yaml', name: 'p.yaml' })).toEqual([
      { source: 'src-a', destination: 'dst-a', roleArn: 'arn:aws:iam::123456789012:role/r', origin: 'p.yaml entry 1' },
    ])
  })

  it('reads a CSV as Excel saves it: a byte order mark, quoted fields, CRLF, a quoted comma and doubled quotes', () => {
    const text = '\uFEFF"source","destination","prefix"\r\n# "comment", with a quote\r\n"src-a","dst-a","logs/a,b/"\r\n\r\n "src-b" , "dst-b" ,"say ""hi""/"\r\nsrc-c,dst-c\r\n'
    expect(parsePairs(text, { format: 'lines', name: 'excel.csv' })).toEqual([
      { source: 'src-a', destination: 'dst-a', prefix: 'logs/a,b/', origin: 'excel.csv line 3' },
      { source: 'src-b', destination: 'dst-b', prefix: 'say "hi"/', origin: 'excel.csv line 5' },
      { source: 'src-c', destination: 'dst-c', origin: 'excel.csv line 6' },
    ])
  })

  it('counts the lines a quoted line break spans, for the lines after it', () => {
    const text = 'source,destination,prefix\nsrc-a,dst-a,"two\r\nlines/"\nsrc-b,Bad_Dst\n'
    expect(() => parsePairs(text, { format: 'lines', name: 'p' })).toThrow(/^p line 4: "Bad_Dst" is not a valid S3 bucket name/)
  })

  it.each<[string, 'json' | 'yaml', string]>([
    ['JSON', 'json', '\uFEFF[{"source": "src-a", "destination": "dst-a", "prefix": "logs/"}]'],
    ['YAML', 'yaml', '\uFEFF- source: src-a\r\n  destination: dst-a\r\n  prefix: logs/\r\n'],
  ])('reads %s that starts with a byte order mark', (_, format, text) => {
    expect(parsePairs(text, { format, name: 'p' })).toEqual([{ source: 'src-a', destination: 'dst-a', prefix: 'logs/', origin: 'p entry 1' }])
  })

  it('drops one byte order mark only: a second one is text, and no bucket name', () => {
    expect(() => parsePairs('\uFEFF\uFEFFsrc-a,dst-a\n', { format: 'lines', name: 'p' })).toThrow(/^p line 1: "\uFEFFsrc-a" is not a valid S3 bucket name/)
  })

  it.each<[string, 'lines' | 'json' | 'yaml', RegExp]>([
    ['src-a,dst-a\nonly-one\n', 'lines', /^p line 2: expected "source,destination\[,prefix\]", got "only-one"\.$/],
    ['src-a,dst-a\nsrc-b,Bad_Dst\n', 'lines', /^p line 2: "Bad_Dst" is not a valid S3 bucket name/],
    ['\uFEFF"src-a","dst-a"\r\n"src-b","Bad_Dst"\r\n', 'lines', /^p line 2: "Bad_Dst" is not a valid S3 bucket name/],
    ['"src-a","dst-a"\r\n"src-b","dst-b","p/","extra"\r\n', 'lines', /^p line 2: expected "source,destination\[,prefix\]", got ""src-b","dst-b","p\/","extra""\.$/],
    ['src-a,dst-a\r\n"src-b,dst-b\r\nsrc-c,dst-c\r\n', 'lines', /^p line 2: a quoted field is never closed; got ""src-b,dst-b"\. Close it with a ", and write a quote inside a quoted field as ""\.$/],
    ['# nothing\n', 'lines', /lists no bucket pairs/],
    ['[{"source": "src-a"}]', 'json', /^p entry 1: source and destination must both be bucket names\.$/],
    ['[{"source": "src-a", "destination": "dst-a", "colour": 1}]', 'json', /^p entry 1: unknown setting colour/],
    ['{not json', 'json', /^p: not valid JSON/],
    ['- source: a\n  destination: [unclosed\n', 'yaml', /^p line \d+: not valid YAML/],
  ])('rejects %j', (text, format, message) => {
    expect(() => parsePairs(text, { format, name: 'p', input: 'pairs' })).toThrow(message)
  })

  it('picks the format from the file name', () => {
    expect(['a.json', 'b.YAML', 'c.yml', 'd.csv', 'e'].map(pairsFormatFor)).toEqual(['json', 'yaml', 'yaml', 'lines', 'lines'])
  })
})

describe('clientOptionsFromEnv', () => {
  it('takes Region, endpoints and keys from the environment', () => {
    expect(
      clientOptionsFromEnv({ AWS_DEFAULT_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_S3_CONTROL: 'http://control', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' }),
    ).toEqual({
      region: 'eu-west-1',
      endpoints: { s3: 'http://all', s3control: 'http://control', iam: 'http://all', sts: 'http://all', kms: 'http://all' },
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    })
  })

  it('lets --region win, and a profile replace environment keys', () => {
    expect(clientOptionsFromEnv({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 's' }, { region: 'us-west-2', profile: 'prod' })).toEqual({
      region: 'us-west-2',
      endpoints: {},
      profile: 'prod',
    })
    expect(clientOptionsFromEnv({})).toEqual({ region: 'us-east-1', endpoints: {} })
  })
})
