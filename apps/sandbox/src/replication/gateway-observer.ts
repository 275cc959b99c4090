import type { ResponseObserver } from '../http-request.js'
import { bucketOf, objectKeyOf } from '../operation-name.js'
import type { LiveReplication } from './live-replication.js'
import { needsBody, writeEventsOf, writeKind } from './write-events.js'

/**
 * Connects live replication to the gateway: writes it proxies become write events (awaited, so the
 * new version reads PENDING before the writer gets its answer), and changes to a bucket's
 * replication configuration (or to the bucket) drop the cached configuration.
 */
export function replicationObserver(live: LiveReplication): ResponseObserver {
  return {
    wants(operation) {
      const kind = writeKind(operation)
      if (kind === undefined || (kind === 'write' && !live.enabled)) return undefined
      return needsBody(operation) ? 'body' : 'headers'
    },
    async observe(operation, request, response) {
      const bucket = bucketOf(request.path)
      if (bucket === undefined) return
      if (writeKind(operation) === 'config') {
        live.invalidate(bucket)
        return
      }
      const events = writeEventsOf(operation, { bucket, key: objectKeyOf(request.path), query: request.query }, response)
      await Promise.all(events.map((event) => live.written(event)))
    },
  }
}
