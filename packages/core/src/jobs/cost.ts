/**
 * A rough charge for Batch Operations copy jobs, in USD at us-east-1 list prices: $0.25 per job
 * (confirmed), $1.00 per million objects processed (widely quoted, unconfirmed), plus one COPY
 * (PUT-class) request per object at $0.005 per 1,000. Transfer between Regions, storage and KMS
 * are not included.
 */
export interface CostEstimate {
  jobs: number
  objects: number
  jobFeesUsd: number
  objectFeesUsd: number
  requestFeesUsd: number
  totalUsd: number
}

export function estimateCost(jobs: number, objects: number): CostEstimate {
  const jobFeesUsd = jobs * 0.25
  const objectFeesUsd = (objects / 1_000_000) * 1.0
  const requestFeesUsd = (objects / 1000) * 0.005
  return { jobs, objects, jobFeesUsd, objectFeesUsd, requestFeesUsd, totalUsd: jobFeesUsd + objectFeesUsd + requestFeesUsd }
}

/**
 * HeadObject is billed as a GET-class request: $0.0004 per 1,000 on S3 Standard in us-east-1 (other
 * classes and Regions charge more). `verify --checksum` sends up to two per object.
 */
export const HEAD_USD_PER_1000 = 0.0004

export function headRequestsCostUsd(requests: number): number {
  return (requests / 1000) * HEAD_USD_PER_1000
}
