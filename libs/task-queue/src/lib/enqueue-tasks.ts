import { TaskQueueError } from './errors';
import type { TaskQueueMetrics } from './metrics';
import { splitIntoRequests, type OutgoingMessage } from './produce-requests';
import { taskKeyOf, type Task } from './task';
import { encodeTask } from './task-codec';
import type { EnqueueResult } from './task-queue';
import { endEnqueueTraces, startEnqueueTrace } from './tracing';

/** Encodes every task first, so one invalid task fails the call before anything is sent. */
export function taskMessages(tasks: readonly Task[]): OutgoingMessage[] {
  return tasks.map((task) => ({ key: taskKeyOf(task), value: encodeTask(task) }));
}

export interface SendOptions {
  readonly topic: string;
  readonly clientId?: string;
  readonly maxRequestBytes?: number;
  /** Sends one request's messages; resolves when the broker acknowledged all of them. */
  readonly send: (messages: OutgoingMessage[]) => Promise<void>;
  readonly metrics?: TaskQueueMetrics;
}

/**
 * Sends tasks in produce requests below the size limit, one request after the other (order per
 * key is kept). A failure reports how many tasks were acknowledged before it.
 */
export async function enqueueInRequests(
  tasks: readonly Task[],
  options: SendOptions,
): Promise<EnqueueResult> {
  const encoded = taskMessages(tasks);
  // One producer span per task; its context goes along in the message headers.
  const traces = tasks.map((task) => startEnqueueTrace(task, options.topic));
  const messages = encoded.map((m, i) => ({ ...m, headers: traces[i]?.headers ?? {} }));
  let requests: OutgoingMessage[][];
  try {
    requests = splitIntoRequests(messages, options);
  } catch (error) {
    endEnqueueTraces(traces, error);
    throw error;
  }
  let acknowledged = 0;
  for (const [index, request] of requests.entries()) {
    const sent = traces.slice(acknowledged, acknowledged + request.length);
    try {
      await options.send(request);
    } catch (error) {
      endEnqueueTraces(traces.slice(acknowledged), error);
      const code = error instanceof TaskQueueError ? error.code : 'TASK_QUEUE_PRODUCE_FAILED';
      const detail = error instanceof Error ? error.message : String(error);
      throw new TaskQueueError(
        code,
        `Enqueue to ${options.topic} failed at request ${index + 1} of ${requests.length} ` +
          `(${acknowledged} of ${tasks.length} tasks acknowledged): ${detail}`,
        { topic: options.topic, operation: 'enqueue', acknowledged },
        { cause: error },
      );
    }
    endEnqueueTraces(sent);
    acknowledged += request.length;
    options.metrics?.produceRequests.inc();
    options.metrics?.enqueued.inc(request.length);
  }
  return { tasks: acknowledged, requests: requests.length };
}
