#!/usr/bin/env node
// @ts-check
// `pnpm action:export DIR [--no-build]` writes what the Action's own repository
// (s3-seed/s3-seed-action) holds: action.yml at its root (runs.main: dist/index.js), the ncc bundle
// in dist/ as built, the Action's README and the LICENSE. It builds the bundle with turbo first;
// `--no-build` copies the bundle already in packages/github-action/dist.
//
// DIR may be missing, empty, an earlier export, or a git checkout of the Action repository (its
// origin names s3-seed-action): `.git` is kept and everything else is replaced, so files the
// Action no longer has disappear from the next release. Any other non-empty directory is refused.
// action.yml is the package's, with its leading comment replaced (see exportedActionYml).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PACKAGE = join(ROOT, 'packages', 'github-action')
/** Top-level entries of an export, in the order they are written. */
export const EXPORTED = ['action.yml', 'dist', 'README.md', 'LICENSE']
const ACTION_REPOSITORY = /(^|[/:])s3-seed-action(\.git)?\/?$/
const HEADER = '# Released from https://github.com/s3-seed/s3-seed, where the Action is developed: change it there.'

/** A failure with a message for the user; anything else is a bug. */
export class ExportError extends Error {}

/**
 * @typedef {object} ExportOptions
 * @property {boolean} [build] Build the bundle with `turbo run build --filter=s3-seed-action` first. Default: true.
 * @property {NodeJS.ProcessEnv} [env] Environment of the build. Default: process.env.
 */

/**
 * Exports the Action into `dir` and returns the paths written, relative to it.
 *
 * @param {string} dir
 * @param {ExportOptions} [options]
 * @returns {string[]}
 */
export function exportAction(dir, options = {}) {
  const target = resolve(dir)
  checkTarget(target, dir)
  if (options.build ?? true) build(options.env ?? process.env)
  // Everything is read and checked before the target is touched, so a failure leaves it as it was.
  const action = exportedActionYml(readFileSync(join(PACKAGE, 'action.yml'), 'utf8'))
  checkActionYml(action)
  for (const file of ['dist/index.js', 'README.md']) {
    if (!existsSync(join(PACKAGE, file))) {
      throw new ExportError(`packages/github-action/${file} is missing. ${file === 'README.md' ? 'It is the Action repository\'s README.' : 'Build it with `pnpm turbo run build --filter=s3-seed-action`, or run without --no-build.'}`)
    }
  }
  mkdirSync(target, { recursive: true })
  for (const entry of readdirSync(target)) if (entry !== '.git') rmSync(join(target, entry), { recursive: true, force: true })
  writeFileSync(join(target, 'action.yml'), action)
  cpSync(join(PACKAGE, 'dist'), join(target, 'dist'), { recursive: true })
  cpSync(join(PACKAGE, 'README.md'), join(target, 'README.md'))
  cpSync(join(ROOT, 'LICENSE'), join(target, 'LICENSE'))
  return files(target)
}

/**
 * The package's action.yml as the Action repository holds it: its leading comment, which speaks
 * of this repository (e.g. the generator that writes it), is replaced by one saying where it comes from.
 *
 * @param {string} text
 * @returns {string}
 */
export function exportedActionYml(text) {
  const lines = text.split('\n')
  let start = 0
  while (start < lines.length && /^\s*(#.*)?\r?$/.test(lines[start] ?? '')) start++
  return [HEADER, ...lines.slice(start)].join('\n')
}

/**
 * The value of `runs.main` in an action.yml, read without a YAML parser (no dependency): the first
 * `main:` key indented under the top-level `runs:` key.
 *
 * @param {string} text
 * @returns {string | undefined}
 */
export function runsMain(text) {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex((line) => /^runs:\s*(#.*)?$/.test(line))
  if (start === -1) return undefined
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) return undefined
    const match = /^\s+main:\s*(['"]?)([^'"#\s]+)\1\s*(#.*)?$/.exec(line)
    if (match) return match[2]
  }
  return undefined
}

/** @param {string} action */
function checkActionYml(action) {
  const main = runsMain(action)
  if (main !== 'dist/index.js') {
    throw new ExportError(`packages/github-action/action.yml must run \`main: dist/index.js\` (found ${main === undefined ? 'no runs.main' : `\`${main}\``}): the Action repository has the bundle in dist/ at its root.`)
  }
  if (action.includes('packages/')) {
    throw new ExportError('packages/github-action/action.yml mentions a path under packages/ (below its leading comment), which does not exist in the Action repository.')
  }
}

/**
 * @param {string} target
 * @param {string} given
 */
function checkTarget(target, given) {
  if (contains(target, ROOT)) {
    throw new ExportError(`Refusing to export into ${given}: it holds this repository, and everything in it but .git would be replaced.`)
  }
  if (contains(PACKAGE, target)) {
    throw new ExportError(`Refusing to export into ${given}: it is inside packages/github-action, which the export copies from.`)
  }
  if (!existsSync(target)) return
  if (!statSync(target).isDirectory()) throw new ExportError(`${given} is a file; give a directory.`)
  const entries = readdirSync(target)
  if (entries.length === 0 || isActionCheckout(target, entries) || isExport(target, entries)) return
  throw new ExportError(
    `${given} is not empty (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', ...' : ''}) and is neither an earlier export nor a git checkout of s3-seed-action. ` +
      'Export into a new or empty directory, or into a clone of the Action repository (its .git is kept, everything else replaced).',
  )
}

/**
 * True when `path` is `dir` or inside it.
 *
 * @param {string} dir
 * @param {string} path
 */
function contains(dir, path) {
  const rel = relative(dir, path)
  return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
}

/**
 * @param {string} target
 * @param {string[]} entries
 */
function isActionCheckout(target, entries) {
  if (!entries.includes('.git')) return false
  const origin = spawnSync('git', ['-C', target, 'remote', 'get-url', 'origin'], { encoding: 'utf8' })
  return origin.status === 0 && ACTION_REPOSITORY.test(origin.stdout.trim())
}

/**
 * @param {string} target
 * @param {string[]} entries
 */
function isExport(target, entries) {
  if (!entries.every((entry) => entry === '.git' || EXPORTED.includes(entry))) return false
  const action = join(target, 'action.yml')
  return existsSync(action) && runsMain(readFileSync(action, 'utf8')) === 'dist/index.js'
}

/** @param {NodeJS.ProcessEnv} env */
function build(env) {
  const args = ['exec', 'turbo', 'run', 'build', '--filter=s3-seed-action', '--output-logs=errors-only']
  const result = spawnSync('pnpm', args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.error) throw new ExportError(`Could not run pnpm to build the bundle: ${result.error.message}. Install pnpm, or build it yourself and pass --no-build.`)
  if (result.status !== 0) throw new ExportError(`Building the Action bundle failed (pnpm ${args.join(' ')} exited ${result.status}); see its output above.`)
}

/**
 * The files of an export in `dir` (not .git), with `/` separators, sorted.
 *
 * @param {string} dir
 * @param {string} [prefix]
 * @returns {string[]}
 */
function files(dir, prefix = '') {
  const found = []
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    if (entry.isDirectory() && path !== '.git') found.push(...files(dir, path))
    else if (entry.isFile()) found.push(path)
  }
  return found.sort()
}

/** @param {string[]} argv */
function main(argv) {
  const flags = argv.filter((arg) => arg.startsWith('-'))
  const positional = argv.filter((arg) => !arg.startsWith('-'))
  const unknown = flags.filter((flag) => flag !== '--no-build')
  if (flags.includes('--help') || flags.includes('-h')) {
    console.log('Usage: pnpm action:export DIR [--no-build]\nWrites action.yml, dist/, README.md and LICENSE of the s3-seed-action repository into DIR.')
    return 0
  }
  if (positional.length !== 1 || unknown.length > 0) {
    console.error(`Usage: pnpm action:export DIR [--no-build]${unknown.length > 0 ? ` (unknown option ${unknown.join(', ')})` : ''}`)
    return 2
  }
  const dir = /** @type {string} */ (positional[0])
  try {
    const written = exportAction(dir, { build: !flags.includes('--no-build') })
    const bundle = written.filter((path) => path.startsWith('dist/')).length
    console.log(`Exported the Action to ${dir}: action.yml, dist/ (${bundle} files), README.md, LICENSE`)
    return 0
  } catch (error) {
    if (!(error instanceof ExportError)) throw error
    console.error(`action:export: ${error.message}`)
    return 1
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2))
}
