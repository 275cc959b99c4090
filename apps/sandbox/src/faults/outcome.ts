import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultDecision } from './fault-rule.js'

/** How a failed piece of work (a job task, a replica write) records an injected fault. */
export interface FaultFailure {
  httpStatus: number
  errorCode: string
  message: string
}

/**
 * A fault on work the sandbox does itself (a Batch Operations task, a replica write), after its
 * delay: `error` fails it with the rule's status and code. A `reset` or `timeout` is what that work
 * would see if its S3 call lost the connection or never got an answer, so it fails as S3 reports
 * those: `500 InternalError` for a reset, and, after the hold, `400 RequestTimeout` for a timeout
 * (S3 API Reference, ErrorResponses; that AWS records them so for tasks and replication is
 * [inferred]). A `delay` only delays the work: undefined.
 */
export async function faultFailure(fault: FaultDecision): Promise<FaultFailure | undefined> {
  if (fault.delayMs > 0) await sleep(fault.delayMs)
  if (fault.kind === 'error' && fault.error) {
    return { httpStatus: fault.error.status, errorCode: fault.error.code, message: fault.error.message }
  }
  if (fault.kind === 'reset') {
    return { httpStatus: 500, errorCode: 'InternalError', message: 'We encountered an internal error. Please try again.' }
  }
  if (fault.kind === 'timeout') {
    return {
      httpStatus: 400,
      errorCode: 'RequestTimeout',
      message: 'Your socket connection to the server was not read from or written to within the timeout period.',
    }
  }
  return undefined
}
