import type { Diverted } from './seed.js'

export function noneDiverted(): Diverted {
  return { large: { count: 0, bytes: 0, keys: [] }, archived: { count: 0, examples: [] } }
}

export function addLarge(diverted: Diverted, object: { key: string; size: number }): void {
  diverted.large.count++
  diverted.large.bytes += object.size
  diverted.large.keys.push(object.key)
}

export function countArchived(diverted: Diverted, key: string): void {
  diverted.archived.count++
  if (diverted.archived.examples.length < 10) diverted.archived.examples.push(key)
}
