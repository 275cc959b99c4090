/** What `s3-seed check` found for one pair, and the shapes its findings take. */

/** What a finding is about. `caller` and `role` come from IAM's policy simulator; the rest from the buckets' settings. */
export type CheckArea =
  | 'input'
  | 'buckets'
  | 'access'
  | 'versioning'
  | 'replication'
  | 'ownership'
  | 'object-lock'
  | 'encryption'
  | 'cross-account'
  | 'running-job'
  | 'caller'
  | 'role'

/** A problem: what is wrong, and how to fix it (the flag to pass, the statement to add, the setting to change). */
export interface CheckProblem {
  area: CheckArea
  message: string
  /** The flag or input the fix changes, when it is one. */
  input?: string
}

/** Something to know that does not fail the pair: a setting found, a warning, or a check that could not be made (and why). */
export interface CheckNote {
  area: CheckArea
  kind: 'info' | 'warning' | 'not-checked'
  message: string
}

export interface PairCheck {
  source: string
  destination: string
  prefix: string
  /** No problem found. */
  passed: boolean
  problems: CheckProblem[]
  notes: CheckNote[]
  /** What seeding would do, when the checks got that far. */
  operation?: 'copy' | 'replicate'
  regions?: { source: string; destination: string }
  /** The destination's owner account. */
  destinationAccount?: string
}

/** Problems found by reading the buckets' settings are certain: seed refuses on them. Simulated permissions are reported, not refused on. */
export function isCertain(problem: CheckProblem): boolean {
  return problem.area !== 'caller' && problem.area !== 'role'
}
