import {
  ConnectionStringError,
  EVENT_HUBS_KAFKA_PORT,
  type EventHubsConnectionString,
  parseEventHubsConnectionString as parse,
} from '@latigo/config-loader';
import { TaskQueueError } from '../errors';

// The parser lives in config-loader, whose schema validates with it; this is the queue's view.
export { EVENT_HUBS_KAFKA_PORT, type EventHubsConnectionString };

/**
 * Parses an Event Hubs connection string (see `@latigo/config-loader`'s parser) for connecting.
 * Errors name the part that is wrong and never contain the string.
 * @throws TaskQueueError `TASK_QUEUE_CONFIG_INVALID`
 */
export function parseEventHubsConnectionString(text: string): EventHubsConnectionString {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof ConnectionStringError)) throw error;
    throw new TaskQueueError(
      'TASK_QUEUE_CONFIG_INVALID',
      `task_queue.connection_string is not usable: ${error.message}`,
      { operation: 'config' },
      { cause: error },
    );
  }
}
