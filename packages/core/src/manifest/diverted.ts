import type { Diverted } from '../seed/types.js'

/** Bookkeeping of the objects a copy job cannot copy (over 5 GB, archived). */

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

/** The warning for archived objects left out, and what to do about them. */
export function archivedWarning(diverted: Diverted, restoreArchivedDays: number | undefined): string {
  return (
    `${diverted.archived.count} objects are in GLACIER or DEEP_ARCHIVE and were not copied (e.g. ${diverted.archived.examples.slice(0, 3).map((key) => JSON.stringify(key)).join(', ')}). ` +
    (restoreArchivedDays === undefined
      ? 'A copy job cannot read them; restore them (or pass --restore-archived DAYS), then seed again.'
      : `Restores were requested (Bulk tier, ${restoreArchivedDays} days); seed again once they are done.`)
  )
}
