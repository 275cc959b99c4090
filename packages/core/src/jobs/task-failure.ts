/**
 * Which failed tasks are worth running again. A task's copy is one S3 request, so its failure codes
 * are S3's: AWS says to retry InternalError and to back off and retry SlowDown (UG
 * ErrorBestPractices); ServiceUnavailable ("Reduce your request rate") and RequestTimeout (the socket
 * was not read or written in time) are transient too (API ErrorResponses, "List of error codes"), as
 * is any 5xx. Everything else is permanent: retrying AccessDenied, InvalidObjectState (archived),
 * NoSuchKey (deleted since the listing) or PreconditionFailed gives the same answer.
 */
const TRANSIENT_TASK_CODES = new Set(['InternalError', 'SlowDown', 'ServiceUnavailable', 'RequestTimeout', 'TooManyRequests', 'Throttling'])

export function isTransientTaskFailure(failure: { errorCode: string; httpStatus?: number | undefined }): boolean {
  return TRANSIENT_TASK_CODES.has(failure.errorCode) || (failure.httpStatus !== undefined && failure.httpStatus >= 500)
}

/**
 * Tasks whose object changed or was deleted after the listing: 404 NoSuchKey (CopyObject of a key
 * that no longer exists [inferred from the CopyObject API]) or 412 PreconditionFailed (the copy's
 * UnModifiedSinceConstraint, which s3-seed sets when replication is on, so a newer write is left to
 * replication; S3 Control model S3CopyObjectOperation). Replication carries what they became; they
 * are not failures of the seeding.
 */
export function isChangedOrGone(failure: { errorCode: string; httpStatus?: number | undefined }): boolean {
  return failure.errorCode === 'NoSuchKey' || failure.errorCode === 'PreconditionFailed' || failure.httpStatus === 412
}
