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
