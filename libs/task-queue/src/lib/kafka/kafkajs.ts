import type * as KafkaJs from 'kafkajs';

/**
 * kafkajs, loaded on first use: a process on the in-memory queue (the embedded default, tests,
 * services that only use the task codec) does not pay its memory (~4–8 MB RSS, measured).
 */
export function kafkajs(): typeof KafkaJs {
  return require('kafkajs') as typeof KafkaJs;
}
