import { TaskQueueError } from './errors';

/** Azure Event Hubs closes the connection on a request larger than this. */
export const EVENT_HUBS_MAX_REQUEST_BYTES = 1_046_528;
/** Our ceiling per produce request: Event Hubs' recommended `max.request.size`, below the hard limit. */
export const DEFAULT_MAX_REQUEST_BYTES = 1_000_000;

/** A message on its way to a topic. */
export interface OutgoingMessage {
  readonly key: string | null;
  readonly value: string | Buffer | null;
  readonly headers?: Readonly<Record<string, string>>;
}

// Upper bounds of the Kafka Produce request (v3+, record batch v2) around the payload bytes.
const REQUEST_FIXED_BYTES = 64; // size, api key/version, correlation id, transactional id, acks, timeout, array lengths
const PER_PARTITION_BYTES = 69; // partition id, record set size, 61-byte record batch header
const PER_RECORD_BYTES = 36; // length, attributes, timestamp and offset deltas, key/value lengths, header count (varints at most)
const PER_HEADER_BYTES = 10; // key and value lengths (varints)

/** Bytes a message adds to a produce request, at most. */
export function recordBytes(message: OutgoingMessage): number {
  let bytes = PER_RECORD_BYTES + utf8Length(message.key ?? '') + utf8Length(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes += PER_HEADER_BYTES + utf8Length(name) + utf8Length(value);
  }
  return bytes;
}

/**
 * Splits messages into groups that each fit in one produce request of at most `maxRequestBytes`
 * (counting one record batch per distinct key, as every key may sit on its own partition).
 * Order is kept, so each key's messages stay in order across requests.
 * @throws TaskQueueError `TASK_QUEUE_MESSAGE_TOO_LARGE` when one message alone does not fit.
 */
export function splitIntoRequests(
  messages: readonly OutgoingMessage[],
  options: { topic: string; clientId?: string; maxRequestBytes?: number },
): OutgoingMessage[][] {
  const limit = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const base = REQUEST_FIXED_BYTES + utf8Length(options.topic) + utf8Length(options.clientId ?? '');
  const requests: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = base;
  let keys = new Set<string | null>();
  for (const message of messages) {
    const record = recordBytes(message);
    if (base + PER_PARTITION_BYTES + record > limit) {
      throw new TaskQueueError(
        'TASK_QUEUE_MESSAGE_TOO_LARGE',
        `A message of ${record} bytes does not fit in a produce request of ${limit} bytes`,
        { topic: options.topic },
      );
    }
    // A message without a key may land on any partition: count a record batch for each one.
    const newBatch = message.key === null || !keys.has(message.key);
    if (current.length > 0 && size + record + (newBatch ? PER_PARTITION_BYTES : 0) > limit) {
      requests.push(current);
      current = [];
      size = base;
      keys = new Set();
    }
    size += record + (message.key === null || !keys.has(message.key) ? PER_PARTITION_BYTES : 0);
    keys.add(message.key);
    current.push(message);
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/** Upper bound of the size of a produce request carrying exactly these messages. */
export function requestBytes(messages: readonly OutgoingMessage[], topic: string, clientId = ''): number {
  const keyed = new Set(messages.flatMap((m) => (m.key === null ? [] : [m.key])));
  const batches = keyed.size + messages.filter((m) => m.key === null).length;
  return (
    REQUEST_FIXED_BYTES +
    utf8Length(topic) +
    utf8Length(clientId) +
    batches * PER_PARTITION_BYTES +
    messages.reduce((sum, m) => sum + recordBytes(m), 0)
  );
}

function utf8Length(text: string | Buffer | null): number {
  if (text === null) return 0;
  return typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
}
