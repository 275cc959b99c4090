import { expect, it } from 'vitest'
import { structureProblems } from '../../../scripts/structure.mjs'

// docs/architecture.md: no source file over 300 lines (a longer one usually holds two concepts) and
// no import cycle, type-only and dynamic imports included (two modules that cannot be read apart).
it('src has no file over 300 lines and no import cycle', () => {
  expect(structureProblems(new URL('.', import.meta.url))).toEqual({ oversized: [], cycles: [] })
})
