import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * `pnpm test:unit`: every package's tests that need no server (no moto, no sandbox), in one vitest
 * run. @s3-seed/core resolves to its TypeScript sources, so what a test imports is never a stale
 * build; the script still builds first (turbo: cached when nothing changed), for the few tests that
 * run a built program in a child process (the CLI's start-up test). The sandbox-backed files
 * (`*.sandbox.test.ts`) run in `pnpm test`.
 */
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Each entry point of @s3-seed/core's package.json exports, from its built file to its source. */
function coreSources(): Array<{ find: RegExp; replacement: string }> {
  const exports = JSON.parse(readFileSync(source('packages/core/package.json'), 'utf8')).exports as Record<string, { import?: string } | string>
  return Object.entries(exports).flatMap(([entry, target]) => {
    const built = typeof target === 'string' ? target : target.import
    if (built === undefined || !built.startsWith('./dist/')) return []
    const specifier = `@s3-seed/core${entry.slice(1)}`.replace(/[/.]/g, (char) => `\\${char}`)
    return [{ find: new RegExp(`^${specifier}$`), replacement: source(`packages/core/${built.replace('./dist/', 'src/').replace(/\.js$/, '.ts')}`) }]
  })
}
const packages = ['packages/core', 'packages/cli', 'packages/github-action', 'apps/sandbox', 'apps/demo', 'bench']

export default defineConfig({
  resolve: {
    alias: coreSources(),
  },
  test: {
    pool: 'forks',
    isolate: false,
    // Both cores; minWorkers = maxWorkers, as in vitest.config.ts (vitest 3.2.7's pool otherwise ends
    // workers it counts as idle while files are still being handed out).
    maxWorkers: 2,
    minWorkers: 2,
    clearMocks: true,
    restoreMocks: true,
    projects: packages.map((root) => ({
      extends: true,
      test: { name: root.split('/').pop(), root, include: ['src/**/*.test.ts'], exclude: ['src/**/*.sandbox.test.ts', '**/node_modules/**'] },
    })),
  },
})
