import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { Outcome } from './consumer/outcome';
import type { Task } from './task';
import type { MessagePosition } from './task-queue';

// Trace context rides in the message headers (W3C `traceparent`, `tracestate`): the task's JSON
// stays exactly the original's, and the original's consumers ignore headers. Everything here goes
// through @opentelemetry/api, a no-op until an app registers an SDK (then spans are exported).

const tracer = () => trace.getTracer('@latigo/task-queue');

/** Header values as Kafka clients hand them over. */
export type MessageHeaders = Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;

const headerGetter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const raw = carrier[key];
    const first = Array.isArray(raw) ? raw[0] : raw;
    return first === undefined ? undefined : first.toString();
  },
};

/** The attributes a task span and a task's log lines share, so one query finds both. */
export function taskAttributes(task: Task): Attributes {
  return { task_id: task.taskId, project: task.projectName, model: task.modelName };
}

/** A started producer span of one task and the headers that carry its context. */
export interface EnqueueTrace {
  readonly span: Span;
  readonly headers: Record<string, string>;
}

/**
 * Starts one span per task, each the root of that task's own trace (so "one trace per task"
 * holds however many tasks a slot has), linked to the caller's span (a slot, a backfill).
 */
export function startEnqueueTrace(task: Task, topic: string): EnqueueTrace {
  const caller = trace.getActiveSpan()?.spanContext();
  const span = tracer().startSpan(`enqueue ${topic}`, {
    kind: SpanKind.PRODUCER,
    root: true,
    links: caller && trace.isSpanContextValid(caller) ? [{ context: caller }] : [],
    attributes: {
      ...taskAttributes(task),
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': topic,
      ...(task.attempt !== undefined ? { attempt: task.attempt } : {}),
    },
  });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
  return { span, headers };
}

/** Ends producer spans once the broker acknowledged (no error) or refused (error) their messages. */
export function endEnqueueTraces(traces: readonly EnqueueTrace[], error?: unknown): void {
  for (const { span } of traces) {
    if (error !== undefined) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(error) });
    }
    span.end();
  }
}

/**
 * Runs one attempt of a task inside a consumer span that continues the trace in the message's
 * headers (a new trace when there are none, e.g. a task from the original's scheduler). Work
 * done inside (the upstream calls) becomes its children; the outcome is recorded on the span.
 */
export async function traceTaskAttempt(
  task: Task,
  attempt: number,
  position: MessagePosition,
  headers: MessageHeaders | undefined,
  run: () => Promise<Outcome>,
): Promise<Outcome> {
  const parent = headers ? propagation.extract(ROOT_CONTEXT, headers, headerGetter) : ROOT_CONTEXT;
  const span = tracer().startSpan(
    'task',
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...taskAttributes(task),
        attempt,
        // Application Insights names the request of a consumer span only from this attribute.
        'ai.operation.name': 'task',
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': position.topic,
        'messaging.destination.partition.id': String(position.partition),
        'messaging.kafka.offset': position.offset,
      },
    },
    parent,
  );
  try {
    const outcome = await context.with(trace.setSpan(parent, span), run);
    span.setAttribute('outcome', outcome.kind);
    if (outcome.kind === 'skipped') span.setAttribute('reason', outcome.reason);
    if (outcome.kind === 'failed') {
      span.setAttributes({ code: outcome.code, retryable: outcome.retryable });
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${outcome.code}: ${outcome.reason}` });
    }
    return outcome;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(error) });
    throw error;
  } finally {
    span.end();
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
