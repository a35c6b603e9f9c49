import type { Logger } from '@latigo/observability';
import type { RedisScripting } from '@latigo/task-status';
import { createClient } from 'redis';
import type { RedisCommands } from './redis-state';

export interface RedisConnectionSettings {
  host: string;
  port: number;
  password?: string | undefined;
  tls: boolean;
}

export interface RedisConnection {
  /** The node-redis client: commands fail at once while it is not connected. */
  readonly client: RedisCommands & RedisScripting & { ping(): Promise<unknown> };
  /** Resolves when connected, or after `timeoutMs` (the client goes on trying either way). */
  ready(timeoutMs: number): Promise<boolean>;
  /** Quits cleanly when connected, else stops reconnecting. */
  close(): Promise<void>;
}

/**
 * A node-redis client that connects in the background and keeps reconnecting, so the scheduler
 * starts (and reports not ready) while Redis is down. Commands fail fast instead of queueing
 * while disconnected (the lease must never act on stale answers) and time out after 5 s.
 */
export function connectRedis(settings: RedisConnectionSettings, logger: Logger): RedisConnection {
  const client = createClient({
    socket: {
      host: settings.host,
      port: settings.port,
      ...(settings.tls ? { tls: true as const, servername: settings.host } : {}),
      connectTimeout: 5000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000),
    },
    ...(settings.password ? { password: settings.password } : {}),
    disableOfflineQueue: true,
    commandOptions: { timeout: 5000 },
  });
  let down = false;
  client.on('error', (error: unknown) => {
    // node-redis reports every failed reconnect; one line per outage is enough.
    if (!down) {
      logger.warn('redis connection failed; reconnecting', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('redis connection restored');
    down = false;
  });
  let closing = false;
  const connected = client.connect().then(
    () => true,
    (error: unknown) => {
      if (!closing) logger.error('redis connection gave up', { error });
      return false;
    },
  );
  return {
    client,
    ready: (timeoutMs) =>
      Promise.race([connected, new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]),
    close: async () => {
      closing = true;
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
