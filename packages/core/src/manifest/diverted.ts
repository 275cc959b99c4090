import type { ListedObject } from '../listing/sequential.js'
import type { Diverted } from '../seed/types.js'
import { ARCHIVED_CLASSES, routeObject } from './copyable.js'

/** Bookkeeping of the objects a copy job cannot copy (over 5 GB, archived). */

export function noneDiverted(): Diverted {
  return { large: { count: 0, bytes: 0, keys: [] }, archived: { count: 0, examples: [] } }
}

function addLarge(diverted: Diverted, object: { key: string; size: number }): void {
  diverted.large.count++
  diverted.large.bytes += object.size
  diverted.large.keys.push(object.key)
}

function countArchived(diverted: Diverted, key: string): void {
  diverted.archived.count++
  if (diverted.archived.examples.length < 10) diverted.archived.examples.push(key)
}

/** A listing's running count: what the copy job takes, and what it cannot (diverted). */
export interface CopyTally {
  objectCount: number
  totalBytes: number
  diverted: Diverted
}

export function emptyTally(): CopyTally {
  return { objectCount: 0, totalBytes: 0, diverted: noneDiverted() }
}

/**
 * Routes one listed page (routeObject) and counts it into `tally`: the one loop behind both the
 * manifest and the dry run, so a dry run reports what a real run would copy. Returns the page split
 * by route, for the caller to write (job), copy itself (large) or restore (archived).
 */
export function routePage(tally: CopyTally, page: readonly ListedObject[], maxJobObjectBytes?: number): Record<'job' | 'large' | 'archived', ListedObject[]> {
  const routed: Record<'job' | 'large' | 'archived', ListedObject[]> = { job: [], large: [], archived: [] }
  for (const object of page) {
    const route = routeObject(object, maxJobObjectBytes)
    routed[route].push(object)
    if (route === 'archived') countArchived(tally.diverted, object.key)
    else if (route === 'large') addLarge(tally.diverted, object)
    else {
      tally.objectCount++
      tally.totalBytes += object.size
    }
  }
  return routed
}

/** The warning for archived objects left out, and what to do about them. */
export function archivedWarning(diverted: Diverted, restoreArchivedDays: number | undefined): string {
  return (
    `${diverted.archived.count} objects are in ${ARCHIVED_CLASSES.join(' or ')} and were not copied (e.g. ${diverted.archived.examples.slice(0, 3).map((key) => JSON.stringify(key)).join(', ')}). ` +
    (restoreArchivedDays === undefined
      ? 'A copy job cannot read them; restore them (or pass --restore-archived DAYS), then seed again.'
      : `Restores were requested (Bulk tier, ${restoreArchivedDays} days); seed again once they are done.`)
  )
}
