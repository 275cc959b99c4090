/**
 * Additive-increase, multiplicative-decrease concurrency for listing requests, with a slow start:
 * until the first throttled response every success adds one request in flight (doubling per round
 * trip, as TCP does); after it, each throttled response (503 SlowDown, 429) halves the limit and
 * each `limit` successes add one back, up to `max`. It only grows while its caller says more would
 * help. S3 scales a prefix's request rate up gradually and says SlowDown
 * while it does (UG optimizing-performance), so backing off is how to get the most from it.
 */
export class AimdGate {
  private inFlight = 0
  private successes = 0
  private slowStart = true
  private readonly waiting: Array<() => void> = []
  limit: number

  constructor(
    initial: number,
    private readonly max: number,
  ) {
    this.limit = Math.max(1, Math.min(initial, max))
  }

  async acquire(): Promise<void> {
    while (this.inFlight >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.inFlight++
  }

  release(): void {
    this.inFlight--
    this.waiting.shift()?.()
  }

  /**
   * A successful response. `wanted` says whether more concurrency would help: when the consumer
   * is the bottleneck (CPU, upload), more requests in flight only hold more memory.
   */
  onSuccess(wanted = true): void {
    if (!wanted) return
    if (!this.slowStart && ++this.successes < this.limit) return
    this.successes = 0
    if (this.limit < this.max) {
      this.limit++
      this.waiting.shift()?.()
    }
  }

  onThrottle(): void {
    this.slowStart = false
    this.successes = 0
    this.limit = Math.max(1, Math.floor(this.limit / 2))
  }
}
