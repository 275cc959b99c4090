// `@s3-seed/core/verify`: comparing two buckets, for `s3-seed verify`. Loads @aws-sdk/client-s3
// only; start with `@s3-seed/core/base` for the clients (entries/base.ts).

export { verifyBuckets } from '../verify.js'
export type { VerifyBucketsOptions, VerifyResult, VerifyProgress, Difference, ContentSummary } from '../verify.js'
export type { ContentFinding, ContentComparison } from '../verify/content-rule.js'
export { headRequestsCostUsd } from '../jobs/cost.js'
