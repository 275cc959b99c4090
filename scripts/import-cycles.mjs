// @ts-check
// Import cycles in a graph of files (from structure.mjs's importGraph): which files form one, and
// each elementary cycle, printable. Plain JavaScript, like structure.mjs, so packages run it unbuilt.

/** @typedef {Record<string, string[]>} ImportGraph */

/**
 * Strongly connected components of `graph` that contain a cycle: more than one file, or a single
 * file that imports itself. Each component is sorted; components are sorted by their first file.
 *
 * @param {Readonly<ImportGraph>} graph
 * @returns {string[][]}
 */
export function cyclicComponents(graph) {
  return stronglyConnected(graph).filter(
    (component) => component.length > 1 || (graph[component[0] ?? '']?.includes(component[0] ?? '') ?? false),
  )
}

/**
 * Every elementary cycle of `graph` (Johnson's algorithm), each written closed, starting and ending
 * at its alphabetically first file: `['a.ts', 'b.ts', 'a.ts']`, or `['a.ts', 'a.ts']` for a file
 * that imports itself; `cycle.join(' -> ')` prints it. Sorted by path. A tangle of files can have
 * a great many cycles, so at most `limit` are returned; any non-empty result is a failure anyway.
 *
 * @param {Readonly<ImportGraph>} graph
 * @param {{ limit?: number }} [options]
 * @returns {string[][]}
 */
export function findCycles(graph, { limit = 100 } = {}) {
  /** @type {string[][]} */
  const cycles = []
  for (const component of cyclicComponents(graph)) {
    const rank = new Map(component.map((file, index) => [file, index]))
    for (const [index, start] of component.entries()) {
      // Only files after `start` in the component, so each cycle is found once, from its first file.
      /** @param {string} file */
      const next = (file) =>
        (graph[file] ?? []).filter((target) => (rank.get(target) ?? -1) >= index).sort(compare)
      const blocked = new Set()
      /** @type {Map<string, Set<string>>} */
      const blockedBy = new Map()
      /** @type {string[]} */
      const stack = []
      /** @param {string} file */
      const unblock = (file) => {
        blocked.delete(file)
        const waiting = blockedBy.get(file)
        blockedBy.delete(file)
        for (const other of waiting ?? []) if (blocked.has(other)) unblock(other)
      }
      /** @param {string} file @returns {boolean} */
      const circuit = (file) => {
        let found = false
        stack.push(file)
        blocked.add(file)
        for (const target of next(file)) {
          if (cycles.length >= limit) break
          if (target === start) {
            cycles.push([...stack, start])
            found = true
          } else if (!blocked.has(target) && circuit(target)) {
            found = true
          }
        }
        if (found) {
          unblock(file)
        } else {
          for (const target of next(file)) {
            const waiting = blockedBy.get(target) ?? new Set()
            waiting.add(file)
            blockedBy.set(target, waiting)
          }
        }
        stack.pop()
        return found
      }
      circuit(start)
      if (cycles.length >= limit) break
    }
    if (cycles.length >= limit) break
  }
  return cycles.sort((a, b) => compare(a.join('\0'), b.join('\0')))
}

/**
 * Tarjan's strongly connected components, each sorted, in order of their first file.
 *
 * @param {Readonly<ImportGraph>} graph
 * @returns {string[][]}
 */
function stronglyConnected(graph) {
  const nodes = new Set(Object.keys(graph))
  for (const targets of Object.values(graph)) for (const target of targets) nodes.add(target)
  /** @type {Map<string, number>} */
  const index = new Map()
  /** @type {Map<string, number>} */
  const low = new Map()
  /** @type {string[]} */
  const stack = []
  const onStack = new Set()
  /** @type {string[][]} */
  const components = []
  /** @param {string} file */
  const connect = (file) => {
    index.set(file, index.size)
    low.set(file, index.get(file) ?? 0)
    stack.push(file)
    onStack.add(file)
    for (const target of graph[file] ?? []) {
      if (!index.has(target)) {
        connect(target)
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0))
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0))
      }
    }
    if (low.get(file) === index.get(file)) {
      /** @type {string[]} */
      const component = []
      let member
      do {
        member = /** @type {string} */ (stack.pop())
        onStack.delete(member)
        component.push(member)
      } while (member !== file)
      components.push(component.sort(compare))
    }
  }
  for (const file of [...nodes].sort(compare)) if (!index.has(file)) connect(file)
  return components.sort((a, b) => compare(a[0] ?? '', b[0] ?? ''))
}

/** Code-unit order, the same on every machine and locale. @param {string} a @param {string} b */
export const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
