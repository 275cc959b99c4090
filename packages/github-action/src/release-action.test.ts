import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gitIn, runProgram } from './test-support/run-program.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

// scripts/release-action.mjs against local git repositories: a small copy of this monorepo (the two
// scripts, the Action package with a stand-in bundle, the LICENSE) and a bare `s3-seed-action.git`
// standing in for github.com/s3-seed/s3-seed-action. Each release runs in a fresh clone, as the
// workflow does. No global git configuration: the script must bring its own commit identity.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const isolated = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }
const author = { GIT_AUTHOR_NAME: 'dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'dev', GIT_COMMITTER_EMAIL: 'dev@example.com' }

const git = (cwd: string, ...args: string[]) => gitIn(cwd, { ...isolated, ...author }, ...args)

let base: string
let monorepo: string
let remote: string
let runs = 0

/** Commits the Action package at `version` (bundle text `bundle <version>`) and, optionally, tags it as changesets does. */
async function version(version: string, { tag = true } = {}): Promise<void> {
  writeFileSync(join(monorepo, 'packages/github-action/package.json'), JSON.stringify({ name: 's3-seed-action', version, private: true }))
  writeFileSync(join(monorepo, 'packages/github-action/dist/index.js'), `bundle ${version}\n`)
  await git(monorepo, 'add', '--all')
  await git(monorepo, 'commit', '--quiet', '-m', `Version Packages (${version})`)
  if (tag) await git(monorepo, 'tag', `s3-seed-action@${version}`)
}

/** Clones the Action repository afresh and runs the release script on the clone. */
async function release(flags: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const checkout = join(base, `checkout-${++runs}`)
  await git(base, 'clone', '--quiet', remote, checkout)
  const result = await runProgram(process.execPath, [join(monorepo, 'scripts/release-action.mjs'), checkout, '--no-build', ...flags], { env: { ...isolated, ...env } })
  return { ...result, checkout }
}

const commit = (ref: string) => git(remote, 'rev-parse', `${ref}^{commit}`)

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), 's3-seed-release-'))
  monorepo = join(base, 's3-seed')
  mkdirSync(join(monorepo, 'scripts'), { recursive: true })
  for (const script of ['export-action.mjs', 'release-action.mjs']) cpSync(join(root, 'scripts', script), join(monorepo, 'scripts', script))
  mkdirSync(join(monorepo, 'packages/github-action/dist'), { recursive: true })
  for (const file of ['action.yml', 'README.md']) cpSync(join(root, 'packages/github-action', file), join(monorepo, 'packages/github-action', file))
  cpSync(join(root, 'LICENSE'), join(monorepo, 'LICENSE'))
  await git(base, 'init', '--quiet', '--initial-branch=main', monorepo)
  await version('1.2.3')

  // The Action repository as GitHub creates it: one commit with a README.
  remote = join(base, 's3-seed-action.git')
  await git(base, 'init', '--quiet', '--bare', '--initial-branch=main', remote)
  const seed = join(base, 'seed')
  await git(base, 'clone', '--quiet', remote, seed)
  writeFileSync(join(seed, 'README.md'), '# s3-seed-action\n')
  await git(seed, 'add', '--all')
  await git(seed, 'commit', '--quiet', '-m', 'Initial commit')
  await git(seed, 'push', '--quiet', 'origin', 'main')
})
afterEach(() => rmSync(base, { recursive: true, force: true }))

describe('scripts/release-action.mjs', async () => {
  it('commits the export as "Release vX.Y.Z", tags vX.Y.Z and vX, and pushes them', async () => {
    const result = await release([], { ACTION_REPO_TOKEN: 'token-for-github-only' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Released v1.2.3 (and v1)')
    // The token goes to github.com through the environment of git's network commands, never to disk.
    const config = readFileSync(join(result.checkout, '.git', 'config'), 'utf8')
    expect(config).not.toContain('token-for-github-only')
    expect(config).not.toContain(Buffer.from('x-access-token:token-for-github-only').toString('base64'))

    expect(await git(remote, 'log', '--format=%s', 'main')).toBe('Release v1.2.3\nInitial commit')
    expect(await git(remote, 'log', '-1', '--format=%an <%ae>%n%b', 'main')).toBe(
      `github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\nFrom s3-seed/s3-seed ${await git(monorepo, 'rev-parse', 'HEAD')} (s3-seed-action@1.2.3).`,
    )
    expect(await commit('v1.2.3')).toBe(await commit('main'))
    expect(await commit('v1')).toBe(await commit('main'))
    expect((await git(remote, 'ls-tree', '-r', '--name-only', 'main')).split('\n')).toEqual(['LICENSE', 'README.md', 'action.yml', 'dist/index.js'])
    expect(await git(remote, 'show', 'main:dist/index.js')).toBe('bundle 1.2.3')
    expect(await git(remote, 'show', 'main:README.md')).toContain('uses: s3-seed/s3-seed-action@v1')
  })

  it('moves vX to the next release and leaves earlier tags where they were', async () => {
    expect((await release()).status).toBe(0)
    const first = await commit('v1.2.3')
    await version('1.3.0')
    const result = await release()
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)

    expect(await commit('v1.2.3')).toBe(first)
    expect(await commit('v1.3.0')).toBe(await commit('main'))
    expect(await commit('v1')).toBe(await commit('main'))
    expect(await commit('main~1')).toBe(first)
    expect(await git(remote, 'show', 'v1:dist/index.js')).toBe('bundle 1.3.0')

    await version('2.0.0')
    expect((await release()).status).toBe(0)
    expect(await commit('v2')).toBe(await commit('v2.0.0'))
    expect(await commit('v1')).toBe(await commit('v1.3.0'))
  })

  it('moves no major tag for a prerelease', async () => {
    expect((await release()).status).toBe(0)
    await version('1.3.0-beta.1')
    expect((await release()).status).toBe(0)
    expect(await commit('v1.3.0-beta.1')).toBe(await commit('main'))
    expect(await commit('v1')).toBe(await commit('v1.2.3'))
  })

  it('does nothing when the version is already released, or not tagged by changesets yet', async () => {
    expect((await release()).status).toBe(0)
    const released = await commit('main')

    const again = await release()
    expect(again.status).toBe(0)
    expect(again.stdout).toContain('Nothing to release: v1.2.3 is already in the Action repository.')

    await version('1.2.4', { tag: false })
    const untagged = await release()
    expect(untagged.status).toBe(0)
    expect(untagged.stdout).toContain('Nothing to release: s3-seed-action@1.2.4 is not tagged here yet')

    expect(await commit('main')).toBe(released)
    expect((await git(remote, 'tag', '--list')).split('\n')).toEqual(['v1', 'v1.2.3'])
  })

  it('refuses to release from a commit other than the tagged one, and pushes nothing', async () => {
    await version('1.2.4')
    writeFileSync(join(monorepo, 'LICENSE'), 'changed after the release')
    await git(monorepo, 'commit', '--quiet', '--all', '-m', 'later work')
    const result = await release()
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('s3-seed-action@1.2.4 tags ')
    expect(result.stderr).toContain('Check out the tag (git checkout s3-seed-action@1.2.4)')
    expect(await git(remote, 'tag', '--list')).toBe('')
  })

  it('refuses a version older than one the Action repository has', async () => {
    await git(monorepo, 'tag', '--delete', 's3-seed-action@1.2.3')
    await version('1.4.0')
    expect((await release()).status).toBe(0)
    await git(monorepo, 'checkout', '--quiet', '-b', 'old', 'HEAD~1')
    await git(monorepo, 'tag', 's3-seed-action@1.2.3')
    const result = await release()
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('already has v1.4.0, newer than v1.2.3')
    expect(await commit('v1')).toBe(await commit('v1.4.0'))
  })

  it('with --dry-run, commits and tags in the checkout and pushes nothing', async () => {
    const result = await release(['--dry-run'])
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Dry run: committed and tagged v1.2.3 (and v1)')
    expect(await git(result.checkout, 'log', '-1', '--format=%s')).toBe('Release v1.2.3')
    expect(await git(remote, 'tag', '--list')).toBe('')
    expect(await git(remote, 'log', '--format=%s', 'main')).toBe('Initial commit')
  })
})

describe('scripts/export-action.mjs --no-build', async () => {
  it('fails naming the missing bundle and the build command, and writes nothing', async () => {
    rmSync(join(monorepo, 'packages/github-action/dist/index.js'))
    const out = join(base, 'out')
    const result = await runProgram(process.execPath, [join(monorepo, 'scripts/export-action.mjs'), out, '--no-build'])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('packages/github-action/dist/index.js is missing. Build it with `pnpm turbo run build --filter=s3-seed-action`')
    expect(existsSync(out)).toBe(false)
  })
})
