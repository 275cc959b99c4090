#!/usr/bin/env node
// Reads the JSON report of `pnpm test` (one vitest run over every package, vitest.config.ts) into one
// line: "N passed, N failed, N skipped". Exits 1 when it counts a failure, or when no test ran.
import { existsSync, readFileSync } from 'node:fs'

const file = new URL('../.vitest-report.json', import.meta.url)
if (!existsSync(file)) {
  console.log('0 passed, 1 failed, 0 skipped')
  console.error('No test report (.vitest-report.json): pnpm test did not get to run the tests.')
  process.exit(1)
}
const report = JSON.parse(readFileSync(file, 'utf8'))
const passed = report.numPassedTests
// A file that failed to load, or an unhandled error outside any test, fails the run too.
const outside = report.numFailedTests === 0 ? Math.max(report.numFailedTestSuites, report.success === false ? 1 : 0) : 0
const failed = report.numFailedTests + outside
const skipped = report.numPendingTests + report.numTodoTests
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
