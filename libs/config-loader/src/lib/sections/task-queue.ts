import { z } from 'zod';
import { ConnectionStringError, parseEventHubsConnectionString } from '../event-hubs-connection-string';
import { boolean, doc, ignored, integer, secret } from '../schema';

/**
 * `task_queue`: the original's librdkafka-style keys (dotted names are single keys), plus
 * `bootstrap.servers` and `topic` so plain Kafka works without an Event Hubs connection string.
 */
export const taskQueueSectionSchema = z
  .object({
    type: doc(
      z.enum(['kafka', 'memory']).default('kafka'),
      '`kafka` (Event Hubs or any Kafka) or `memory` (one process only).',
    ),
    connection_string: secret(
      z.string().optional(),
      'Event Hubs connection string (Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…;EntityPath=<topic>). Enough on its own to reach Event Hubs.',
    ),
    'bootstrap.servers': doc(
      z.string().optional(),
      'host:port list for plain Kafka (instead of a connection string).',
    ),
    topic: doc(z.string().optional(), 'Task topic; default: EntityPath of the connection string.'),
    dead_letter_topic: doc(
      z.string().optional(),
      'Dead-letter topic (on Event Hubs an event hub created beforehand; the connection string must reach it); default `<topic>.dlq`.',
    ),
    'security.protocol': doc(
      z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']).optional(),
      'Default SASL_SSL with a connection string, else PLAINTEXT.',
    ),
    'ssl.ca.location': doc(z.string().optional(), 'CA bundle (PEM file) to trust for TLS.'),
    'sasl.mechanism': doc(z.enum(['PLAIN']).optional(), 'Only PLAIN (Event Hubs `$ConnectionString`).'),
    'group.id': doc(z.string().optional(), 'Consumer group.'),
    'client.id': doc(
      z.string().optional(),
      'Client id prefix; a unique suffix is added per process (Event Hubs needs it).',
    ),
    'request.timeout.ms': doc(
      integer().pipe(z.number().positive()).optional(),
      'Request timeout (Event Hubs: ≥ 60000).',
    ),
    'session.timeout.ms': doc(
      integer().pipe(z.number().positive()).optional(),
      'Consumer session timeout (Event Hubs: ≥ 30000).',
    ),
    'max.poll.interval.ms': ignored(z.unknown().optional(), 'heartbeats continue while tasks run.'),
    'enable.auto.commit': ignored(
      z.unknown().optional(),
      'offsets are committed only after a task is done (at-least-once).',
    ),
    'auto.commit.interval.ms': ignored(z.unknown().optional(), 'offsets are committed after each task.'),
    'default.topic.config': doc(
      z.record(z.string(), z.unknown()).optional(),
      'Topic settings; `auto.offset.reset` (earliest|latest) is honoured.',
    ),
    debug: ignored(z.unknown().optional(), 'librdkafka debug contexts have no kafkajs equivalent.'),
    'allow.auto.create.topics': doc(boolean().default(false), 'Let the producer create missing topics.'),
  })
  .superRefine((value, ctx) => {
    if (value.type === 'kafka' && !value.connection_string && !value['bootstrap.servers']) {
      ctx.addIssue({
        code: 'custom',
        path: ['connection_string'],
        message: 'required for type kafka: set connection_string (Event Hubs) or bootstrap.servers',
      });
    }
    // Checked here, with the parser the queue connects with, so --check-config catches it.
    if (value.type === 'kafka' && value.connection_string) {
      try {
        parseEventHubsConnectionString(value.connection_string);
      } catch (error) {
        if (!(error instanceof ConnectionStringError)) throw error;
        ctx.addIssue({ code: 'custom', path: ['connection_string'], message: error.message });
      }
    }
  });
export type TaskQueueSectionConfig = z.output<typeof taskQueueSectionSchema>;
