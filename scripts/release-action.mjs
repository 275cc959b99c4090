#!/usr/bin/env node
// @ts-check
// `node scripts/release-action.mjs CHECKOUT [--no-build] [--dry-run]` releases the Action to its own
// repository; CHECKOUT is a clone of s3-seed/s3-seed-action on its default branch. It runs in the
// release workflow after changesets has released, and does something only when
// packages/github-action's version X.Y.Z carries its changesets tag (s3-seed-action@X.Y.Z) here
// while the Action repository has no vX.Y.Z yet: it exports the Action into CHECKOUT (as
// `pnpm action:export` does), commits "Release vX.Y.Z", tags vX.Y.Z, moves vX, and pushes the
// branch and both tags in one atomic push. Otherwise it says why there is nothing to do, so it can
// run again safely.
//
// Credentials: when ACTION_REPO_TOKEN is set, git sends it to github.com for ls-remote and push only,
// through GIT_CONFIG_* variables: it is never written to .git/config nor passed to the build.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ExportError, exportAction } from './export-action.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BOT = ['-c', 'user.name=github-actions[bot]', '-c', 'user.email=41898282+github-actions[bot]@users.noreply.github.com']
const VERSION = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/

/**
 * @typedef {object} ReleaseOptions
 * @property {boolean} [build] Build the bundle before exporting it. Default: true.
 * @property {boolean} [dryRun] Commit and tag in CHECKOUT but do not push. Default: false.
 */

/**
 * @typedef {{ kind: 'released', tag: string, major: string | undefined, branch: string, commit: string, pushed: boolean }
 *   | { kind: 'nothing-to-do', reason: string }} ReleaseResult
 */

/**
 * @param {string} checkout
 * @param {ReleaseOptions} [options]
 * @returns {ReleaseResult}
 */
export function releaseAction(checkout, options = {}) {
  const build = options.build ?? true
  const version = JSON.parse(readFileSync(join(ROOT, 'packages', 'github-action', 'package.json'), 'utf8')).version
  const parsed = parseVersion(version)
  if (parsed === undefined) throw new ExportError(`packages/github-action/package.json has version "${version}", not X.Y.Z.`)
  if (version === '0.0.0') return { kind: 'nothing-to-do', reason: 'packages/github-action is at 0.0.0, which is never released.' }

  const sourceTag = `s3-seed-action@${version}`
  const tagged = git(ROOT, ['rev-parse', '-q', '--verify', `refs/tags/${sourceTag}^{commit}`], { allowFailure: true })
  if (tagged === undefined) return { kind: 'nothing-to-do', reason: `${sourceTag} is not tagged here yet; changesets tags it when it releases that version.` }
  const head = git(ROOT, ['rev-parse', 'HEAD'])
  if (tagged !== head) {
    throw new ExportError(`${sourceTag} tags ${tagged.slice(0, 12)} but this checkout is at ${head.slice(0, 12)}, so the Action would be built from other sources than the released ones. Check out the tag (git checkout ${sourceTag}), run pnpm install, and run this again.`)
  }

  const target = resolve(checkout)
  if (!existsSync(join(target, '.git'))) throw new ExportError(`${checkout} is not a git checkout; clone s3-seed/s3-seed-action there first.`)
  const tag = `v${version}`
  const released = remoteTags(target)
  if (released.includes(tag)) return { kind: 'nothing-to-do', reason: `${tag} is already in the Action repository.` }
  const newer = released.filter((name) => {
    const other = parseVersion(name.slice(1))
    return name.startsWith('v') && other !== undefined && other.prerelease === '' && compare(other, parsed) > 0
  })
  if (newer.length > 0) {
    throw new ExportError(`The Action repository already has ${newer.join(', ')}, newer than ${tag}: releasing ${tag} on top would move its branch and tags backwards.`)
  }
  const branch = git(target, ['symbolic-ref', '-q', '--short', 'HEAD'], { allowFailure: true })
  if (branch === undefined) throw new ExportError(`${checkout} has a detached HEAD; check out the branch the release goes to (its default branch).`)

  // The release is what this repository committed and tested at the tag (check-dist compares dist/
  // with a fresh build): local edits, or a fresh build that differs, stop it.
  assertUnchanged(`${sourceTag} has uncommitted changes`)
  exportAction(target, { build, env: withoutToken(process.env) })
  if (build) assertUnchanged(`A fresh build differs from the bundle committed at ${sourceTag}; rebuild dist/ (pnpm version-packages does) and release again`)

  const identity = git(target, ['config', 'user.email'], { allowFailure: true }) === undefined ? BOT : []
  git(target, ['add', '--all'])
  git(target, [...identity, 'commit', '--quiet', '--allow-empty', '-m', `Release ${tag}`, '-m', `From s3-seed/s3-seed ${head} (${sourceTag}).`])
  git(target, [...identity, 'tag', '--annotate', tag, '-m', `Release ${tag}`])
  const refspecs = [`HEAD:refs/heads/${branch}`, `refs/tags/${tag}`]
  // A prerelease gets its own tag only: vX is what users follow, so it moves to full releases alone.
  const major = parsed.prerelease === '' ? `v${parsed.major}` : undefined
  if (major !== undefined) {
    git(target, ['tag', '--force', major, 'HEAD'])
    refspecs.push(`+refs/tags/${major}:refs/tags/${major}`)
  }
  if (!options.dryRun) git(target, ['push', '--atomic', 'origin', ...refspecs], { env: withToken(process.env) })
  return { kind: 'released', tag, major, branch, commit: git(target, ['rev-parse', 'HEAD']), pushed: !options.dryRun }
}

/** @param {string} problem */
function assertUnchanged(problem) {
  const changed = git(ROOT, ['status', '--porcelain', '--', 'packages/github-action', 'LICENSE'])
  if (changed !== '') throw new ExportError(`${problem}:\n${changed}`)
}

/**
 * Tag names in the checkout's origin (a network call, so the answer is current).
 *
 * @param {string} target
 * @returns {string[]}
 */
function remoteTags(target) {
  const out = git(target, ['ls-remote', '--tags', '--refs', 'origin'], { env: withToken(process.env) })
  return out
    .split('\n')
    .map((line) => line.split('\t')[1] ?? '')
    .filter((ref) => ref.startsWith('refs/tags/'))
    .map((ref) => ref.slice('refs/tags/'.length))
}

/**
 * @param {string} version
 * @returns {{ major: number, minor: number, patch: number, prerelease: string } | undefined}
 */
export function parseVersion(version) {
  const match = VERSION.exec(version)
  if (!match) return undefined
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ?? '' }
}

/**
 * Orders full releases; a prerelease sorts before its release (enough for the "newer" check).
 *
 * @param {{ major: number, minor: number, patch: number, prerelease: string }} a
 * @param {{ major: number, minor: number, patch: number, prerelease: string }} b
 */
function compare(a, b) {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || (a.prerelease === b.prerelease ? 0 : a.prerelease === '' ? 1 : b.prerelease === '' ? -1 : 0)
}

/** @param {NodeJS.ProcessEnv} env */
function withoutToken(env) {
  const { ACTION_REPO_TOKEN: _token, ...rest } = env
  return rest
}

/**
 * The environment for git network commands: ACTION_REPO_TOKEN as an extra HTTP header for
 * github.com, the way actions/checkout authenticates, without touching .git/config.
 *
 * @param {NodeJS.ProcessEnv} env
 */
function withToken(env) {
  const token = env.ACTION_REPO_TOKEN
  if (token === undefined || token === '') return { ...withoutToken(env), GIT_TERMINAL_PROMPT: '0' }
  const index = Number(env.GIT_CONFIG_COUNT ?? 0)
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64')
  return {
    ...withoutToken(env),
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_COUNT: String(index + 1),
    [`GIT_CONFIG_KEY_${index}`]: 'http.https://github.com/.extraheader',
    [`GIT_CONFIG_VALUE_${index}`]: `AUTHORIZATION: basic ${basic}`,
  }
}

/**
 * Runs git and returns its trimmed stdout; with allowFailure, a failure returns undefined.
 *
 * @overload
 * @param {string} cwd
 * @param {string[]} args
 * @param {{ allowFailure: true, env?: NodeJS.ProcessEnv }} options
 * @returns {string | undefined}
 */
/**
 * @overload
 * @param {string} cwd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {string}
 */
/**
 * @param {string} cwd
 * @param {string[]} args
 * @param {{ allowFailure?: boolean, env?: NodeJS.ProcessEnv }} [options]
 * @returns {string | undefined}
 */
function git(cwd, args, options = {}) {
  const result = spawnSync('git', args, { cwd, env: options.env ?? withoutToken(process.env), encoding: 'utf8' })
  if (result.status === 0) return result.stdout.trim()
  if (options.allowFailure) return undefined
  throw new ExportError(`git ${args.join(' ')} failed in ${cwd}: ${(result.stderr || result.error?.message || '').trim()}`)
}

/** @param {string[]} argv */
function main(argv) {
  const flags = argv.filter((arg) => arg.startsWith('-'))
  const positional = argv.filter((arg) => !arg.startsWith('-'))
  const unknown = flags.filter((flag) => flag !== '--no-build' && flag !== '--dry-run')
  if (positional.length !== 1 || unknown.length > 0) {
    console.error('Usage: node scripts/release-action.mjs CHECKOUT [--no-build] [--dry-run]\nCHECKOUT is a clone of s3-seed/s3-seed-action.')
    return 2
  }
  try {
    const result = releaseAction(/** @type {string} */ (positional[0]), { build: !flags.includes('--no-build'), dryRun: flags.includes('--dry-run') })
    if (result.kind === 'nothing-to-do') console.log(`Nothing to release: ${result.reason}`)
    else {
      const what = `${result.tag}${result.major === undefined ? '' : ` (and ${result.major})`} at ${result.commit.slice(0, 12)} on ${result.branch}`
      console.log(result.pushed ? `Released ${what}.` : `Dry run: committed and tagged ${what} in the checkout; nothing pushed.`)
    }
    return 0
  } catch (error) {
    if (!(error instanceof ExportError)) throw error
    console.error(`release-action: ${error.message}`)
    return 1
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2))
}
