// Types for structure.mjs, so the packages' structure tests typecheck under strict NodeNext.
// Keep in step with the JSDoc there.

export interface SourceFile {
  /** Path relative to the scanned directory, with `/` separators. */
  path: string
  /** Absolute path on disk. */
  absolute: string
  /** True for `*.test.ts` / `*.spec.ts` files. */
  test: boolean
}

export interface LineCount {
  path: string
  test: boolean
  /** Number of lines, counting a last line without a trailing newline. */
  lines: number
}

/** Each file (relative path) → the files it imports, sorted and unique. */
export type ImportGraph = Record<string, string[]>

/** The TypeScript files under `dir` (normally a package's `src`), sorted by path, tests flagged. */
export function sourceFiles(dir: string | URL): SourceFile[]
/** The line count of each file, in the order given. */
export function lineCounts(files: readonly SourceFile[]): LineCount[]
export function countLines(text: string): number
/** Edges from each file to the files among `files` that it imports by a relative specifier. */
export function importGraph(files: readonly SourceFile[]): ImportGraph
/** Every module specifier that `text` imports or re-exports, in source order. */
export function importSpecifiers(text: string, fileName?: string): string[]
/** The file among `known` that a relative specifier written in `from` refers to, if any. */
export function resolveRelative(from: string, specifier: string, known: ReadonlySet<string>): string | undefined
/** Strongly connected components that contain a cycle, each sorted. */
export function cyclicComponents(graph: Readonly<ImportGraph>): string[][]
/** Elementary cycles, each closed (`['a.ts', 'b.ts', 'a.ts']`); at most `limit` (default 100). */
export function findCycles(graph: Readonly<ImportGraph>, options?: { limit?: number }): string[][]
/** The non-test files over `maxLines` (default 300) and every import cycle of one package's src, as printable lines. */
export function structureProblems(dir: string | URL, maxLines?: number): { oversized: string[]; cycles: string[] }
