import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { limitYoungGeneration } from './young-generation.js'

// The built module (the test task builds first): the child process runs plain JavaScript.
const built = fileURLToPath(new URL('../dist/young-generation.js', import.meta.url))

// Keeps about 50,000 small objects alive while allocating 2,000,000 (a listing's pattern: pages that
// outlive a scavenge or two), then prints the young generation's size in MB.
const workload = (limit: boolean) => `
  ${limit ? `const { limitYoungGeneration } = await import(${JSON.stringify(built)})
  if (!limitYoungGeneration()) process.exit(3)` : ''}
  const v8 = await import('node:v8')
  const kept = []
  for (let i = 0; i < 2e6; i++) { kept.push({ key: 'k' + i, size: i }); if (kept.length > 50000) kept.splice(0, 25000) }
  console.log(v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 1048576)
`
const youngGenerationMb = (limit: boolean) => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', workload(limit)], { encoding: 'utf8' })
  expect(child.status, child.stderr).toBe(0)
  return Number(child.stdout.trim())
}

describe('limitYoungGeneration', () => {
  it('keeps the young generation at its starting size where V8 would grow it', () => {
    const grown = youngGenerationMb(false)
    const limited = youngGenerationMb(true)
    expect(grown).toBeGreaterThanOrEqual(16)
    expect(limited).toBeLessThanOrEqual(4)
  })

  it('leaves V8 versions it was not checked on alone', () => {
    expect(limitYoungGeneration('9.4.146.26')).toBe(false)
    expect(limitYoungGeneration('14.0.1')).toBe(false)
  })
})
