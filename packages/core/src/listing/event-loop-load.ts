import { performance } from 'node:perf_hooks'

/**
 * How busy the event loop was over the last window (utilisation, 0 to 1): the share of the time this
 * process spent running JavaScript and callbacks rather than waiting for I/O. Near 1, answers wait to
 * be parsed: more requests in flight cannot go faster and only keep more memory alive.
 */
export class EventLoopLoad {
  private last = performance.eventLoopUtilization()
  private sampledAt = performance.now()
  /** The last complete window's utilisation; until the first closes, neither idle nor saturated. */
  value = 0.9

  constructor(private readonly windowMs = 100) {}

  /** Closes the window if it has passed; true when a new value was taken. */
  sample(): boolean {
    const now = performance.now()
    if (now - this.sampledAt < this.windowMs) return false
    const current = performance.eventLoopUtilization()
    this.value = performance.eventLoopUtilization(current, this.last).utilization
    this.last = current
    this.sampledAt = now
    return true
  }
}
