import { TaskQueueError } from '../errors';

/** Event Hubs' Kafka endpoint port: `Endpoint=sb://<host>/` means `<host>:9093`. */
export const EVENT_HUBS_KAFKA_PORT = 9093;

/** What an Event Hubs connection string says. The string itself is the SASL password: a secret. */
export interface EventHubsConnectionString {
  /** `host:port` to bootstrap from. */
  readonly bootstrapServer: string;
  readonly sharedAccessKeyName: string;
  /** The event hub (topic) an entity-level string is limited to; absent for a namespace-level string. */
  readonly entityPath?: string;
  /** The whole string, the SASL PLAIN password for user `$ConnectionString`. */
  readonly secret: string;
}

/**
 * Parses `Endpoint=sb://<host>[:<port>]/;SharedAccessKeyName=<n>;SharedAccessKey=<k>[;EntityPath=<hub>]`
 * (parts in any order, names case-insensitive). Errors name the part that is wrong and never
 * contain the string.
 * @throws TaskQueueError `TASK_QUEUE_CONFIG_INVALID`
 */
export function parseEventHubsConnectionString(text: string): EventHubsConnectionString {
  const invalid = (why: string) =>
    new TaskQueueError('TASK_QUEUE_CONFIG_INVALID', `task_queue.connection_string is not usable: ${why}`, {
      operation: 'config',
    });
  const parts = new Map<string, string>();
  for (const segment of text.trim().split(';')) {
    if (!segment.trim()) continue;
    const eq = segment.indexOf('=');
    if (eq <= 0) throw invalid('expected Name=value parts separated by ";"');
    parts.set(segment.slice(0, eq).trim().toLowerCase(), segment.slice(eq + 1).trim());
  }
  if (parts.has('sharedaccesssignature')) {
    throw invalid(
      'SharedAccessSignature tokens are not accepted by the Event Hubs Kafka endpoint; use a SharedAccessKey string',
    );
  }
  const endpoint = parts.get('endpoint');
  if (!endpoint) throw invalid('Endpoint=sb://<namespace host>/ is missing');
  const match = /^sb:\/\/([^/:]+)(?::(\d{1,5}))?\/?$/i.exec(endpoint);
  if (!match) throw invalid('Endpoint must look like sb://<namespace host>/ (optionally with :<port>)');
  const [, host, port] = match;
  const sharedAccessKeyName = parts.get('sharedaccesskeyname');
  if (!sharedAccessKeyName) throw invalid('SharedAccessKeyName is missing');
  if (!parts.get('sharedaccesskey')) throw invalid('SharedAccessKey is missing');
  const entityPath = parts.get('entitypath');
  return {
    bootstrapServer: `${host}:${port ?? EVENT_HUBS_KAFKA_PORT}`,
    sharedAccessKeyName,
    ...(entityPath ? { entityPath } : {}),
    secret: text.trim(),
  };
}
