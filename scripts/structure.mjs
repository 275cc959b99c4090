// @ts-check
// Repository structure checks that each package's src/structure.test.ts runs as an ordinary test:
// file sizes and the relative-import graph of one src directory. Plain JavaScript so every
// package can import it without a build; the types live in structure.d.mts.
//
// Imports are read with the TypeScript parser (a root devDependency) rather than a regular
// expression, so an import written inside a string, template or comment is not mistaken for one.
import { readFileSync, readdirSync } from 'node:fs'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { compare, findCycles } from './import-cycles.mjs'

export { cyclicComponents, findCycles } from './import-cycles.mjs'

/**
 * @typedef {object} SourceFile
 * @property {string} path Path relative to the scanned directory, with `/` separators.
 * @property {string} absolute Absolute path on disk.
 * @property {boolean} test True for `*.test.ts` / `*.spec.ts` files.
 */

/**
 * @typedef {object} LineCount
 * @property {string} path
 * @property {boolean} test
 * @property {number} lines Number of lines, counting a last line without a trailing newline.
 */

/** @typedef {Record<string, string[]>} ImportGraph */

const SOURCE = /\.[cm]?tsx?$/
const TEST = /\.(test|spec)\.[cm]?tsx?$/
const SKIPPED_DIRS = new Set(['node_modules', 'dist'])

/**
 * The TypeScript files under `dir` (normally a package's `src`), sorted by path. Tests are
 * included and flagged, so callers can exempt them from a rule yet still list them.
 *
 * @param {string | URL} dir
 * @returns {SourceFile[]}
 */
export function sourceFiles(dir) {
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir)
  /** @type {SourceFile[]} */
  const files = []
  /** @param {string} rel */
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path)
      } else if (entry.isFile() && SOURCE.test(entry.name)) {
        files.push({ path, absolute: join(root, path), test: TEST.test(entry.name) })
      }
    }
  }
  walk('')
  return files.sort((a, b) => compare(a.path, b.path))
}

/**
 * The line count of each file, in the order given.
 *
 * @param {readonly SourceFile[]} files
 * @returns {LineCount[]}
 */
export function lineCounts(files) {
  return files.map((file) => ({
    path: file.path,
    test: file.test,
    lines: countLines(readFileSync(file.absolute, 'utf8')),
  }))
}

/** @param {string} text @returns {number} */
export function countLines(text) {
  if (text === '') return 0
  let lines = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++
  return text.endsWith('\n') ? lines : lines + 1
}

/**
 * Edges from each file to the files among `files` that it imports by a relative specifier:
 * `import … from`, `import type … from`, side-effect `import '…'`, `export … from`,
 * `export type … from`, `import x = require('…')`, dynamic `import('…')` and `import('…')` types.
 * `./x.js` resolves to `./x.ts` (NodeNext style), `./dir/index.js` to `dir/index.ts`, and an
 * extensionless `./x` or `./dir` to `x.ts` or `dir/index.ts`. Specifiers that resolve to no file in
 * `files` (packages, files outside the scanned directory, JSON) are left out. Every file is a key;
 * targets are sorted and unique.
 *
 * @param {readonly SourceFile[]} files
 * @returns {ImportGraph}
 */
export function importGraph(files) {
  const known = new Set(files.map((file) => file.path))
  /** @type {ImportGraph} */
  const graph = {}
  for (const file of [...files].sort((a, b) => compare(a.path, b.path))) {
    const targets = new Set()
    for (const specifier of importSpecifiers(readFileSync(file.absolute, 'utf8'), file.path)) {
      const target = resolveRelative(file.path, specifier, known)
      if (target !== undefined) targets.add(target)
    }
    graph[file.path] = [...targets].sort(compare)
  }
  return graph
}

/**
 * Every module specifier that `text` imports or re-exports, in source order.
 *
 * @param {string} text
 * @param {string} [fileName]
 * @returns {string[]}
 */
export function importSpecifiers(text, fileName = 'file.ts') {
  const kind = /\.[cm]?tsx$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind)
  /** @type {string[]} */
  const specifiers = []
  /** @param {ts.Node | undefined} node */
  const add = (node) => {
    if (node !== undefined && ts.isStringLiteralLike(node)) specifiers.push(node.text)
  }
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0])
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specifiers
}

const JS_TO_TS = /** @type {const} */ ([
  ['.js', ['.ts', '.tsx']],
  ['.jsx', ['.tsx']],
  ['.mjs', ['.mts']],
  ['.cjs', ['.cts']],
])

/**
 * The file among `known` that a relative specifier written in `from` refers to, if any.
 *
 * @param {string} from Path of the importing file, relative to the scanned directory.
 * @param {string} specifier
 * @param {ReadonlySet<string>} known Paths of the scanned files.
 * @returns {string | undefined}
 */
export function resolveRelative(from, specifier, known) {
  if (!/^\.\.?(\/|$)/.test(specifier)) return undefined
  const base = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\/$/, '')
  /** @type {string[]} */
  const candidates = []
  for (const [js, tsExtensions] of JS_TO_TS) {
    if (base.endsWith(js)) candidates.push(...tsExtensions.map((ext) => base.slice(0, -js.length) + ext))
  }
  candidates.push(base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`)
  return candidates.find((candidate) => known.has(candidate))
}

/**
 * The structure rules for one package's `src`: the non-test files over `maxLines` lines and every
 * import cycle, as printable lines. Throws if `dir` holds no source file (a wrong path would pass).
 * @param {string | URL} dir
 * @param {number} [maxLines]
 * @returns {{ oversized: string[], cycles: string[] }}
 */
export function structureProblems(dir, maxLines = 300) {
  const files = sourceFiles(dir)
  if (!files.some((file) => !file.test)) throw new Error(`No TypeScript source files under ${String(dir)}`)
  const oversized = lineCounts(files.filter((file) => !file.test))
    .filter((file) => file.lines > maxLines)
    .map((file) => `${file.path}: ${file.lines} lines`)
  const cycles = findCycles(importGraph(files)).map((cycle) => cycle.join(' -> '))
  return { oversized, cycles }
}
