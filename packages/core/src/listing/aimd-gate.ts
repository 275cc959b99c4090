/**
 * Additive-increase, multiplicative-decrease concurrency for listing requests: each throttled
 * response (503 SlowDown, 429) halves how many requests may be in flight, each `limit` successes
 * add one back, up to `max`. S3 scales a prefix's request rate up gradually and says SlowDown
 * while it does (UG optimizing-performance), so backing off is how to get the most from it.
 */
export class AimdGate {
  private inFlight = 0
  private successes = 0
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

  onSuccess(): void {
    if (++this.successes < this.limit) return
    this.successes = 0
    if (this.limit < this.max) {
      this.limit++
      this.waiting.shift()?.()
    }
  }

  onThrottle(): void {
    this.successes = 0
    this.limit = Math.max(1, Math.floor(this.limit / 2))
  }
}
