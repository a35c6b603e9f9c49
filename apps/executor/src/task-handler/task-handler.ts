import type { Logger } from '@latigo/observability';
import type { Task, TaskContext, TaskHandler, TaskResult } from '@latigo/task-queue';
import type { DoneMarkers } from '../done-markers/done-markers';
import type { ExecutorMetrics } from '../metrics/executor-metrics';
import type { UpstreamCalls } from '../metrics/upstream-calls';
import type { PipelineReport } from '../pipeline/prediction-pipeline';
import { ExecutorError, skipLabel, TaskSkip } from '../pipeline/task-skip';
import { classifyFailure } from './classify-failure';

export interface TaskHandlerDeps {
  readonly pipeline: { run(task: Task, signal: AbortSignal): Promise<PipelineReport> };
  readonly doneMarkers: DoneMarkers;
  /** A task still running after this is abandoned as failed (retryable). */
  readonly deadlineMs: number;
  readonly logger: Logger;
  readonly metrics?: ExecutorMetrics;
  readonly calls?: UpstreamCalls;
}

/**
 * The queue's handler: skips a task already done (done-marker), runs the pipeline under the task
 * deadline, marks success, and reports succeeded / skipped (with the reason) / failed (with the
 * error's code and whether a retry can help). When the consumer itself gives up on the task
 * (drain deadline), the error is rethrown: the task is not committed and comes back later.
 */
export function createTaskHandler(deps: TaskHandlerDeps): TaskHandler {
  return async (task: Task, context: TaskContext): Promise<TaskResult> => {
    const log = deps.logger.child({
      task_id: task.taskId,
      project: task.projectName,
      model: task.modelName,
      attempt: context.attempt,
      partition: context.delivery.partition,
      offset: context.delivery.offset,
    });
    const started = performance.now();
    const finish = (outcome: TaskResult['outcome'], reason: string) => {
      const seconds = (performance.now() - started) / 1000;
      deps.metrics?.attempts.inc({ outcome, reason });
      deps.metrics?.taskDuration.observe({ outcome }, seconds);
      return Math.round(seconds * 1000);
    };

    if (await deps.doneMarkers.isDone(task.taskId)) {
      const ms = finish('skipped', skipLabel('EXECUTOR_ALREADY_DONE'));
      log.info('task skipped: already done', { reason: 'already_done', ms });
      return { outcome: 'skipped', reason: 'EXECUTOR_ALREADY_DONE: the task succeeded before (done-marker)' };
    }

    const deadline = AbortSignal.timeout(deps.deadlineMs);
    const signal = AbortSignal.any([context.signal, deadline]);
    log.debug('task started', { from: task.fromTime.toISOString(), to: task.toTime.toISOString() });
    try {
      const report = await track(
        deps.calls,
        () => untilAborted(deps.pipeline.run(task, signal), signal),
        (calls) =>
          calls.forEach((n, upstream) => deps.metrics?.upstreamRequestsPerTask.observe({ upstream }, n)),
      );
      await deps.doneMarkers.markDone(task.taskId);
      const ms = finish('succeeded', 'ok');
      log.info('task succeeded', { ...report, ms });
      return { outcome: 'succeeded' };
    } catch (error) {
      // The consumer is draining or aborting: not an outcome of the task; it is delivered again.
      if (context.signal.aborted) throw context.signal.reason;
      if (error instanceof TaskSkip) {
        const ms = finish('skipped', error.label);
        log.info('task skipped', { reason: error.label, detail: error.message, ms });
        return { outcome: 'skipped', reason: `${error.code}: ${error.message}` };
      }
      const failure = classifyFailure(
        deadline.aborted
          ? new ExecutorError(
              'EXECUTOR_TASK_DEADLINE',
              `the task ran longer than ${deps.deadlineMs} ms`,
              true,
              {
                cause: error,
              },
            )
          : error,
      );
      const ms = finish('failed', failure.code);
      const level = failure.result.retryable ? 'warn' : 'error';
      log[level]('task failed', { code: failure.code, retryable: failure.result.retryable, error, ms });
      return failure.result;
    }
  };
}

function track<T>(
  calls: UpstreamCalls | undefined,
  work: () => Promise<T>,
  onDone: (counts: Map<string, number>) => void,
): Promise<T> {
  return calls ? calls.track(work, onDone) : work();
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts: some client calls take no signal,
 * and a task past its deadline must not hold a concurrency slot (its writes are idempotent, so
 * a late one is harmless).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
