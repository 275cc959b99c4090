import { realSleep } from '../util/sleep.js'
import type { SeedContext } from './context.js'

/**
 * The copy guard's UnModifiedSinceConstraint for a listing that starts at `now` (ms): that second.
 * HTTP dates (x-amz-copy-source-if-unmodified-since) have whole seconds, so a write later in the same
 * second passes the constraint. That is safe as long as no task starts within that second: such a
 * write is then older than every task, so its task copies the new version itself. Writes from the
 * next second on fail 412 and are left to replication. See waitPastGuardSecond.
 */
export function guardTime(now: number): Date {
  return new Date(Math.floor(now / 1000) * 1000)
}

/**
 * Waits (at most a second) until the guard's second is over, so no task can start within it. A
 * wall-clock wait, whatever sleep a test injects for polling: the constraint is about S3's clock.
 */
export async function waitPastGuardSecond(context: SeedContext, guard: Date): Promise<void> {
  const wait = guard.getTime() + 1000 - context.now()
  if (wait > 0) await realSleep(wait + 1, context.signal)
}
