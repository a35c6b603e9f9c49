import { TaskQueueError, type TaskQueueErrorCode } from '../errors';

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  type?: string;
  cause?: unknown;
  retriable?: boolean;
}

const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
]);

/** Removes secrets (the connection string) from text that came out of kafkajs. */
export function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join('[REDACTED]');
  return result.replace(/SharedAccessKey=[^;"'\s]+/gi, 'SharedAccessKey=[REDACTED]');
}

/** The innermost kafkajs error of a retry chain, which says what actually went wrong. */
function causes(error: unknown): KafkaJsLikeError[] {
  const chain: KafkaJsLikeError[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 10) {
    chain.push(current as KafkaJsLikeError);
    current = (current as KafkaJsLikeError).cause;
  }
  return chain;
}

/**
 * Turns a kafkajs error into a {@link TaskQueueError} with a stable code and a message that says
 * what to check; secrets are scrubbed from the message, the original stays as `cause`.
 */
export function toTaskQueueError(
  error: unknown,
  operation: 'connect' | 'produce' | 'consume' | 'commit' | 'admin',
  context: { topic?: string; brokers?: readonly string[]; secrets: readonly string[] },
): TaskQueueError {
  if (error instanceof TaskQueueError) return error;
  const chain = causes(error);
  const names = chain.map((e) => e.name ?? '');
  const detail = scrub(chain.map((e) => e.message ?? '').find(Boolean) ?? String(error), context.secrets);
  const where = context.brokers ? ` (brokers ${context.brokers.join(',')})` : '';
  let code: TaskQueueErrorCode;
  let message: string;
  if (names.includes('KafkaJSSASLAuthenticationError')) {
    code = 'TASK_QUEUE_AUTH_FAILED';
    message =
      `Kafka authentication failed${where}: the broker rejected SASL PLAIN as $ConnectionString; ` +
      `check task_queue.connection_string (SharedAccessKeyName and SharedAccessKey). Broker said: ${detail}`;
  } else if (
    chain.some(
      (e) =>
        e.type === 'UNKNOWN_TOPIC_OR_PARTITION' ||
        /does not host this topic-partition/i.test(e.message ?? ''),
    )
  ) {
    code = 'TASK_QUEUE_TOPIC_NOT_FOUND';
    message = `Topic ${context.topic ?? '(unknown)'} does not exist${where}: create it (on Event Hubs, an event hub) or check task_queue.topic`;
  } else if (names.some((n) => CONNECTION_ERRORS.has(n))) {
    code = 'TASK_QUEUE_CONNECTION_FAILED';
    message = `Kafka connection failed during ${operation}${where}: ${detail}`;
  } else {
    code =
      operation === 'produce'
        ? 'TASK_QUEUE_PRODUCE_FAILED'
        : operation === 'consume' || operation === 'commit'
          ? 'TASK_QUEUE_CONSUMER_FAILED'
          : 'TASK_QUEUE_CONNECTION_FAILED';
    message = `Kafka ${operation} failed${where}: ${detail}`;
  }
  return new TaskQueueError(
    code,
    message,
    { operation, ...(context.topic ? { topic: context.topic } : {}) },
    { cause: error },
  );
}
