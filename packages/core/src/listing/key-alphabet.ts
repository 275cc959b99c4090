/**
 * The characters a bucket's keys use at each position, learnt from the keys listed so far (the first
 * and last key of every page), so that a range can be split where keys actually are. Letters are
 * widened to the span seen (a–f for hex), and to a–f at digit positions when the bucket's digit
 * positions only ever showed a–f (hex ids whose first characters happened to be digits so far).
 * Separators seen alone (`/`, `-`, `T`) stay alone, so they cost the split no precision.
 *
 * Digits: a position may hold any digit until it has been seen often (a decimal id's leading zeros
 * are still digits, and the first pages show a few values of a counter). Once seen SETTLED times
 * with two digits or more, it holds the span seen there: the tens of a month (0–1), a day (0–3), an
 * hour (0–2) or a minute (0–5). Read as 0–9, most parts cut between such digits were empty (a date
 * comparison made 30% more requests than it needed). A span that is still too narrow costs balance,
 * never a key: the range's own ends are always in it.
 */
const SETTLED = 256

export class KeyAlphabet {
  private readonly seen: Array<Set<number>> = []
  /** How many keys reached each position. */
  private readonly observed: number[] = []

  constructor(private readonly maxPositions = 1024) {}

  /**
   * What `at` answered for each position with nothing added, until a new character or a settled
   * position changes it. Every page's split asks for a dozen positions whose ends the alphabet has
   * nearly always seen; working each out again was 3% of a manifest's CPU.
   */
  private readonly answers: Array<number[] | undefined> = []

  observe(key: string): void {
    let position = 0
    for (const char of key) {
      if (position >= this.maxPositions) return
      let chars = this.seen[position]
      if (chars === undefined) this.seen[position] = chars = new Set()
      const code = char.codePointAt(0) as number
      const observed = (this.observed[position] ?? 0) + 1
      this.observed[position] = observed
      // Any new character can change every position's answer (hexAtDigitPositions reads them all).
      if (!chars.has(code) || observed === SETTLED) this.answers.length = 0
      chars.add(code)
      position++
    }
  }

  /** The sorted code points a key may hold at `position`, with `also` (the ends being split) added. */
  at(position: number, also: readonly number[]): number[] {
    const seen = this.seen[position]
    if (also.every((char) => seen?.has(char))) return (this.answers[position] ??= this.work(position, []))
    return this.work(position, also)
  }

  private work(position: number, also: readonly number[]): number[] {
    const chars = new Set<number>(this.seen[position] ?? [])
    for (const char of also) chars.add(char)
    const all = [...chars]
    const digits = all.filter(isDigit)
    if (digits.length > 0) {
      const settled = (this.observed[position] ?? 0) >= SETTLED && [...(this.seen[position] ?? [])].filter(isDigit).length >= 2
      if (settled) addSpan(chars, Math.min(...digits), Math.max(...digits))
      else addSpan(chars, 0x30, 0x39)
    }
    for (const [low, high] of [[0x61, 0x7a], [0x41, 0x5a]] as const) {
      const letters = all.filter((char) => char >= low && char <= high)
      const hexSpan = low + 5
      if (letters.length >= 2) addSpan(chars, Math.min(...letters), Math.max(...letters))
      if (digits.length > 0 && (letters.length === 0 || Math.max(...letters) <= hexSpan) && this.hexAtDigitPositions(low, high)) addSpan(chars, low, hexSpan)
    }
    return [...chars].sort((a, b) => a - b)
  }

  /** Whether the positions that held digits held letters of this case too, all within a–f. */
  private hexAtDigitPositions(low: number, high: number): boolean {
    let found = false
    for (const chars of this.seen) {
      if (chars === undefined || ![...chars].some(isDigit)) continue
      for (const char of chars) {
        if (char < low || char > high) continue
        if (char > low + 5) return false
        found = true
      }
    }
    return found
  }
}

const isDigit = (char: number) => char >= 0x30 && char <= 0x39

function addSpan(chars: Set<number>, low: number, high: number): void {
  for (let char = low; char <= high; char++) chars.add(char)
}
