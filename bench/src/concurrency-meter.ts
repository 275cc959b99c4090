/** List requests in flight: the most at once, and the time-weighted mean while any was in flight. */
export class ConcurrencyMeter {
  private inFlight = 0
  private since = 0
  private busyTime = 0
  private weighted = 0
  max = 0

  begin(): void {
    this.advance()
    this.inFlight++
    this.max = Math.max(this.max, this.inFlight)
  }

  end(): void {
    this.advance()
    this.inFlight--
  }

  /** The parallelism a tool reached: requests in flight on average, counting only busy time. */
  get mean(): number {
    return this.busyTime > 0 ? Math.round((this.weighted / this.busyTime) * 10) / 10 : 0
  }

  private advance(): void {
    const now = performance.now()
    if (this.inFlight > 0) {
      this.busyTime += now - this.since
      this.weighted += (now - this.since) * this.inFlight
    }
    this.since = now
  }
}
