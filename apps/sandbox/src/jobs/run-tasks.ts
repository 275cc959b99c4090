import { setTimeout as sleep } from 'node:timers/promises'
import type { Job } from './job.js'
import { transition } from './job-lifecycle.js'
import type { JobRunContext } from './job-run-context.js'
import type { TaskOutcome } from './report-writer.js'
import type { Task } from './task.js'
import type { TaskExecutor } from './task-executor.js'

/** "If more than 50% of tasks fail after 1,000 tasks, the job fails" (UG batch-ops-job-status). */
const FAILURE_RULE = { minTasks: 1000, maxRate: 0.5 }

/**
 * Runs a job's tasks with `taskConcurrency` workers while the job stays Active, counting results
 * on the job as they come so DescribeJob shows progress. Moves the job to Failing once the
 * failure rule trips; a job that leaves Active (cancelled, failing) starts no further task.
 */
export async function runTasks(job: Job, tasks: Task[], execute: TaskExecutor, context: JobRunContext): Promise<TaskOutcome[]> {
  const outcomes: TaskOutcome[] = []
  let next = 0
  const worker = async () => {
    while (next < tasks.length && job.status === 'Active' && !context.stopped()) {
      const task = tasks[next++] as Task
      const { taskDelayMs } = context.timing()
      if (taskDelayMs > 0) await sleep(taskDelayMs)
      const result = await execute(task)
      outcomes.push({ task, result })
      if (result.status === 'succeeded') job.succeeded++
      else job.failed++
      const done = job.succeeded + job.failed
      if (job.status === 'Active' && done >= FAILURE_RULE.minTasks && job.failed / done > FAILURE_RULE.maxRate) {
        transition(job, 'Failing')
        job.failureReasons.push({
          FailureCode: 'TaskFailureThresholdExceeded',
          FailureReason: `Job failed because more than ${FAILURE_RULE.maxRate * 100}% of its first ${done} tasks failed.`,
        })
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, context.timing().taskConcurrency) }, worker))
  return outcomes
}
