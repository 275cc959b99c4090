#!/usr/bin/env node
// Sums the vitest JSON reports of every package into one line: "N passed, N failed, N skipped".
// Exits 1 when a report counts a failure, or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
let passed = 0
let failed = 0
let skipped = 0
let reports = 0
// Every workspace package (pnpm-workspace.yaml): those under packages/ and apps/, and bench/.
const packageDirs = [
  ...['packages', 'apps'].flatMap((group) => (existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [])),
  join(root, 'bench'),
]
for (const dir of packageDirs) {
  const file = join(dir, '.vitest-report.json')
  if (!existsSync(file)) continue
  const report = JSON.parse(readFileSync(file, 'utf8'))
  reports++
  passed += report.numPassedTests
  // A suite that failed to load, or an unhandled error outside any test, fails the run too.
  const outside = report.numFailedTests === 0 ? Math.max(report.numFailedTestSuites, report.success === false ? 1 : 0) : 0
  failed += report.numFailedTests + outside
  skipped += report.numPendingTests + report.numTodoTests
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || reports === 0 || passed === 0 ? 1 : 0)
