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

/** A connection string that cannot be used; the message says which part is wrong, never the string. */
export class ConnectionStringError extends Error {
  readonly code = 'CONNECTION_STRING_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'ConnectionStringError';
  }
}

/**
 * Parses `Endpoint=sb://<host>[:<port>]/;SharedAccessKeyName=<n>;SharedAccessKey=<k>[;EntityPath=<hub>]`
 * (parts in any order, names case-insensitive). The one implementation: the configuration
 * schema validates with it (so `--check-config` catches a bad string) and the task queue
 * connects with it. Errors name the part that is wrong and never contain the string.
 * @throws ConnectionStringError `CONNECTION_STRING_INVALID`
 */
export function parseEventHubsConnectionString(text: string): EventHubsConnectionString {
  const invalid = (why: string) => new ConnectionStringError(why);
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
  const match = /^sb:\/\/([^/:\s]+)(?::(\d{1,5}))?\/?$/i.exec(endpoint);
  if (!match) throw invalid('Endpoint must look like sb://<namespace host>/ (optionally with :<port>)');
  const [, host, port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    throw invalid(`the port in Endpoint must be 1 to 65535, not ${port}`);
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
