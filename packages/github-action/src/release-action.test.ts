import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

// scripts/release-action.mjs against local git repositories: a small copy of this monorepo (the two
// scripts, the Action package with a stand-in bundle, the LICENSE) and a bare `s3-seed-action.git`
// standing in for github.com/s3-seed/s3-seed-action. Each release runs in a fresh clone, as the
// workflow does. No global git configuration: the script must bring its own commit identity.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const isolated = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }
const author = { GIT_AUTHOR_NAME: 'dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'dev', GIT_COMMITTER_EMAIL: 'dev@example.com' }

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, env: { ...isolated, ...author }, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

let base: string
let monorepo: string
let remote: string
let runs = 0

/** Commits the Action package at `version` (bundle text `bundle <version>`) and, optionally, tags it as changesets does. */
function version(version: string, { tag = true } = {}): void {
  writeFileSync(join(monorepo, 'packages/github-action/package.json'), JSON.stringify({ name: 's3-seed-action', version, private: true }))
  writeFileSync(join(monorepo, 'packages/github-action/dist/index.js'), `bundle ${version}\n`)
  git(monorepo, 'add', '--all')
  git(monorepo, 'commit', '--quiet', '-m', `Version Packages (${version})`)
  if (tag) git(monorepo, 'tag', `s3-seed-action@${version}`)
}

/** Clones the Action repository afresh and runs the release script on the clone. */
function release(flags: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const checkout = join(base, `checkout-${++runs}`)
  git(base, 'clone', '--quiet', remote, checkout)
  const result = spawnSync(process.execPath, [join(monorepo, 'scripts/release-action.mjs'), checkout, '--no-build', ...flags], { env: { ...isolated, ...env }, encoding: 'utf8' })
  return { ...result, checkout }
}

const commit = (ref: string) => git(remote, 'rev-parse', `${ref}^{commit}`)

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 's3-seed-release-'))
  monorepo = join(base, 's3-seed')
  mkdirSync(join(monorepo, 'scripts'), { recursive: true })
  for (const script of ['export-action.mjs', 'release-action.mjs']) cpSync(join(root, 'scripts', script), join(monorepo, 'scripts', script))
  mkdirSync(join(monorepo, 'packages/github-action/dist'), { recursive: true })
  for (const file of ['action.yml', 'README.md']) cpSync(join(root, 'packages/github-action', file), join(monorepo, 'packages/github-action', file))
  cpSync(join(root, 'LICENSE'), join(monorepo, 'LICENSE'))
  git(base, 'init', '--quiet', '--initial-branch=main', monorepo)
  version('1.2.3')

  // The Action repository as GitHub creates it: one commit with a README.
  remote = join(base, 's3-seed-action.git')
  git(base, 'init', '--quiet', '--bare', '--initial-branch=main', remote)
  const seed = join(base, 'seed')
  git(base, 'clone', '--quiet', remote, seed)
  writeFileSync(join(seed, 'README.md'), '# s3-seed-action\n')
  git(seed, 'add', '--all')
  git(seed, 'commit', '--quiet', '-m', 'Initial commit')
  git(seed, 'push', '--quiet', 'origin', 'main')
})
afterEach(() => rmSync(base, { recursive: true, force: true }))

describe('scripts/release-action.mjs', () => {
  it('commits the export as "Release vX.Y.Z", tags vX.Y.Z and vX, and pushes them', () => {
    const run = release([], { ACTION_REPO_TOKEN: 'token-for-github-only' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('Released v1.2.3 (and v1)')
    // The token goes to github.com through the environment of git's network commands, never to disk.
    const config = readFileSync(join(run.checkout, '.git', 'config'), 'utf8')
    expect(config).not.toContain('token-for-github-only')
    expect(config).not.toContain(Buffer.from('x-access-token:token-for-github-only').toString('base64'))

    expect(git(remote, 'log', '--format=%s', 'main')).toBe('Release v1.2.3\nInitial commit')
    expect(git(remote, 'log', '-1', '--format=%an <%ae>%n%b', 'main')).toBe(
      `github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\nFrom s3-seed/s3-seed ${git(monorepo, 'rev-parse', 'HEAD')} (s3-seed-action@1.2.3).`,
    )
    expect(commit('v1.2.3')).toBe(commit('main'))
    expect(commit('v1')).toBe(commit('main'))
    expect(git(remote, 'ls-tree', '-r', '--name-only', 'main').split('\n')).toEqual(['LICENSE', 'README.md', 'action.yml', 'dist/index.js'])
    expect(git(remote, 'show', 'main:dist/index.js')).toBe('bundle 1.2.3')
    expect(git(remote, 'show', 'main:README.md')).toContain('uses: s3-seed/s3-seed-action@v1')
  })

  it('moves vX to the next release and leaves earlier tags where they were', () => {
    expect(release().status).toBe(0)
    const first = commit('v1.2.3')
    version('1.3.0')
    const run = release()
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)

    expect(commit('v1.2.3')).toBe(first)
    expect(commit('v1.3.0')).toBe(commit('main'))
    expect(commit('v1')).toBe(commit('main'))
    expect(commit('main~1')).toBe(first)
    expect(git(remote, 'show', 'v1:dist/index.js')).toBe('bundle 1.3.0')

    version('2.0.0')
    expect(release().status).toBe(0)
    expect(commit('v2')).toBe(commit('v2.0.0'))
    expect(commit('v1')).toBe(commit('v1.3.0'))
  })

  it('moves no major tag for a prerelease', () => {
    expect(release().status).toBe(0)
    version('1.3.0-beta.1')
    expect(release().status).toBe(0)
    expect(commit('v1.3.0-beta.1')).toBe(commit('main'))
    expect(commit('v1')).toBe(commit('v1.2.3'))
  })

  it('does nothing when the version is already released, or not tagged by changesets yet', () => {
    expect(release().status).toBe(0)
    const released = commit('main')

    const again = release()
    expect(again.status).toBe(0)
    expect(again.stdout).toContain('Nothing to release: v1.2.3 is already in the Action repository.')

    version('1.2.4', { tag: false })
    const untagged = release()
    expect(untagged.status).toBe(0)
    expect(untagged.stdout).toContain('Nothing to release: s3-seed-action@1.2.4 is not tagged here yet')

    expect(commit('main')).toBe(released)
    expect(git(remote, 'tag', '--list').split('\n')).toEqual(['v1', 'v1.2.3'])
  })

  it('refuses to release from a commit other than the tagged one, and pushes nothing', () => {
    version('1.2.4')
    writeFileSync(join(monorepo, 'LICENSE'), 'changed after the release')
    git(monorepo, 'commit', '--quiet', '--all', '-m', 'later work')
    const run = release()
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('s3-seed-action@1.2.4 tags ')
    expect(run.stderr).toContain('Check out the tag (git checkout s3-seed-action@1.2.4)')
    expect(git(remote, 'tag', '--list')).toBe('')
  })

  it('refuses a version older than one the Action repository has', () => {
    git(monorepo, 'tag', '--delete', 's3-seed-action@1.2.3')
    version('1.4.0')
    expect(release().status).toBe(0)
    git(monorepo, 'checkout', '--quiet', '-b', 'old', 'HEAD~1')
    git(monorepo, 'tag', 's3-seed-action@1.2.3')
    const run = release()
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('already has v1.4.0, newer than v1.2.3')
    expect(commit('v1')).toBe(commit('v1.4.0'))
  })

  it('with --dry-run, commits and tags in the checkout and pushes nothing', () => {
    const run = release(['--dry-run'])
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('Dry run: committed and tagged v1.2.3 (and v1)')
    expect(git(run.checkout, 'log', '-1', '--format=%s')).toBe('Release v1.2.3')
    expect(git(remote, 'tag', '--list')).toBe('')
    expect(git(remote, 'log', '--format=%s', 'main')).toBe('Initial commit')
  })
})

describe('scripts/export-action.mjs --no-build', () => {
  it('fails naming the missing bundle and the build command, and writes nothing', () => {
    rmSync(join(monorepo, 'packages/github-action/dist/index.js'))
    const out = join(base, 'out')
    const run = spawnSync(process.execPath, [join(monorepo, 'scripts/export-action.mjs'), out, '--no-build'], { encoding: 'utf8' })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('packages/github-action/dist/index.js is missing. Build it with `pnpm turbo run build --filter=s3-seed-action`')
    expect(existsSync(out)).toBe(false)
  })
})
