import {
  ConfigError,
  formatKeyPath,
  loadConfig,
  taskQueueSectionSchema,
  type TaskQueueSectionConfig,
} from '@latigo/config-loader';
import { z } from 'zod';

/** Environment variable the CLI reads the connection string from (never from the command line, which `ps` shows). */
export const CONNECTION_STRING_ENV = 'LATIGO_TASK_QUEUE_CONNECTION_STRING';

export interface ConnectionFlags {
  readonly config?: string;
  readonly bootstrapServers?: string;
  readonly topic?: string;
  readonly deadLetterTopic?: string;
  readonly caFile?: string;
}

/**
 * The `task_queue` section the CLI connects with: the one of `--config` (a Latigo config file,
 * `${VAR}` interpolated) if given, then the flags and the connection string variable on top.
 * @throws ConfigError naming the key and file
 */
export async function taskQueueSectionFor(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TaskQueueSectionConfig> {
  let base: Record<string, unknown> = {};
  if (flags.config) {
    // Only task_queue matters here; the file's other sections are not validated.
    const schema = z.object({ task_queue: z.record(z.string(), z.unknown()).default({}) });
    const { config } = await loadConfig({ schema, defaultsFile: flags.config, env });
    base = config.task_queue;
  }
  const connectionString = env[CONNECTION_STRING_ENV];
  const parsed = taskQueueSectionSchema.safeParse({
    ...base,
    type: 'kafka', // the dead letters of a memory queue live in another process
    ...(connectionString ? { connection_string: connectionString } : {}),
    ...(flags.bootstrapServers ? { 'bootstrap.servers': flags.bootstrapServers } : {}),
    ...(flags.topic ? { topic: flags.topic } : {}),
    ...(flags.deadLetterTopic ? { dead_letter_topic: flags.deadLetterTopic } : {}),
    ...(flags.caFile ? { 'ssl.ca.location': flags.caFile } : {}),
  });
  if (!parsed.success) {
    const file = [flags.config, 'command line', CONNECTION_STRING_ENV].filter(Boolean).join(' + ');
    throw new ConfigError(
      'CONFIG_INVALID',
      parsed.error.issues.map((issue) => ({
        path: formatKeyPath(['task_queue', ...(issue.path as (string | number)[])]),
        file,
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
