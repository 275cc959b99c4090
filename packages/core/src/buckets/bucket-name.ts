import { InvalidInputError } from '../errors.js'

/**
 * Checks a general purpose bucket name against the S3 naming rules (UG bucketnamingrules):
 * 3–63 characters; lowercase letters, digits, dots and hyphens; starts and ends with a letter or
 * digit; no two adjacent dots; not an IP address; none of the reserved prefixes and suffixes.
 * Returns the reason it is invalid, or undefined when it is valid.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long'
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, dots (.) and hyphens (-)'
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'must begin and end with a letter or digit'
  if (name.includes('..')) return 'must not contain two adjacent dots'
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'must not be formatted as an IP address'
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with xn--, sthree- or amzn-s3-demo-'
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)'
  return undefined
}

/** Throws InvalidInputError naming `flag` when `name` is not a valid bucket name. */
export function checkBucketName(name: string, flag: string): void {
  const problem = bucketNameProblem(name)
  if (problem) throw new InvalidInputError(`${flag} "${name}" is not a valid S3 bucket name: it ${problem}.`, flag)
}
