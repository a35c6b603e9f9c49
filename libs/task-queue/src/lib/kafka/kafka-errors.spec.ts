import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { scrub, toTaskQueueError } from './kafka-errors';

const SECRET = 'Endpoint=sb://h/;SharedAccessKeyName=n;SharedAccessKey=abc123;EntityPath=t';

describe('toTaskQueueError', () => {
  it('names an authentication failure and says what to check', () => {
    // kafkajs' typings declare no constructor arguments; the class takes a message.
    const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
    const error = toTaskQueueError(
      new SaslError('SASL PLAIN authentication failed: Authentication failed: Invalid username or password'),
      'connect',
      { brokers: ['h:9093'], secrets: [SECRET] },
    );
    expect(error).toMatchObject({ code: 'TASK_QUEUE_AUTH_FAILED', retryable: false });
    expect(error.message).toMatch(
      /authentication failed \(brokers h:9093\).*task_queue\.connection_string.*Invalid username or password/,
    );
  });

  it('finds the reason inside a retry chain', () => {
    const inner = new KafkaJSProtocolError({
      message: 'This server does not host this topic-partition',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      retriable: true,
    } as never);
    const error = toTaskQueueError(
      new KafkaJSNumberOfRetriesExceeded(inner, { retryCount: 5, retryTime: 100 } as never),
      'produce',
      {
        topic: 'tasks',
        secrets: [],
      },
    );
    expect(error).toMatchObject({ code: 'TASK_QUEUE_TOPIC_NOT_FOUND', context: { topic: 'tasks' } });
  });

  it('classifies connection failures as retryable and scrubs secrets', () => {
    const error = toTaskQueueError(new KafkaJSConnectionError(`Connection error with ${SECRET}`), 'produce', {
      secrets: [SECRET],
    });
    expect(error).toMatchObject({ code: 'TASK_QUEUE_CONNECTION_FAILED', retryable: true });
    expect(error.message).not.toContain('abc123');
  });

  it('scrubs any SharedAccessKey value even when the secret is unknown', () => {
    expect(scrub('x SharedAccessKey=abc123;EntityPath=t', [])).toBe(
      'x SharedAccessKey=[REDACTED];EntityPath=t',
    );
  });
});
