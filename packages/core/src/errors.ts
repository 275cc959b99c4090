/** Base class of every error s3-seed raises on purpose. Its message says what failed, why and how to fix it. */
export class S3SeedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The user's input is wrong (a flag, a bucket name, a pairs file). Nothing was changed. */
export class InvalidInputError extends S3SeedError {
  constructor(
    message: string,
    /** The flag or input at fault, e.g. `--role-arn`. */
    readonly input?: string,
  ) {
    super(message)
  }
}

/** The run was interrupted (its AbortSignal fired) before this step could finish. Nothing is wrong with AWS or the input. */
export class InterruptedError extends S3SeedError {}

/** A job ID given by the user that S3 does not know in that Region. */
export function jobNotFound(jobId: string, region: string): InvalidInputError {
  return new InvalidInputError(`Job ${jobId} was not found in ${region}. Check the job ID and --region (jobs are regional; ListJobs keeps finished jobs 90 days).`, 'JOB_ID')
}

/** AWS refused or failed a call (permissions, a missing bucket, throttling that outlasted retries). */
export class AwsCallError extends S3SeedError {
  constructor(
    message: string,
    /** The AWS operation, e.g. `CreateJob`. */
    readonly operation: string,
    /** The AWS error code, e.g. `AccessDenied`. */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}
