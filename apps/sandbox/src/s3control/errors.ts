/**
 * An error that the S3 Control endpoint returns to the client in S3 Control's XML error format.
 * Status codes follow what AWS returns for these exception shapes (the service model names the
 * codes but not the statuses).
 */
export class S3ControlError extends Error {
  constructor(
    readonly code: S3ControlErrorCode,
    message: string,
  ) {
    super(message)
    this.name = code
  }

  get status(): number {
    return STATUS_BY_CODE[this.code]
  }
}

export type S3ControlErrorCode = keyof typeof STATUS_BY_CODE

const STATUS_BY_CODE = {
  BadRequestException: 400,
  InvalidRequestException: 400,
  InvalidNextTokenException: 400,
  TooManyTagsException: 400,
  NotFoundException: 404,
  IdempotencyException: 409,
  JobStatusException: 409,
  TooManyRequestsException: 429,
  InternalServiceException: 500,
  AccessDenied: 403,
} as const

export function badRequest(message: string): S3ControlError {
  return new S3ControlError('BadRequestException', message)
}
