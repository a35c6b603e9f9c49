import type * as KafkaJs from 'kafkajs';
import { guardIdleRequestQueueTimer } from './request-queue-idle-guard';

/**
 * kafkajs, loaded on first use: a process on the in-memory queue (the embedded default, tests,
 * services that only use the task codec) does not pay its memory (~4–8 MB RSS, measured).
 * Its request queues are guarded against their idle 1 ms timer on the way (see the guard).
 */
export function kafkajs(): typeof KafkaJs {
  const kafka = require('kafkajs') as typeof KafkaJs;
  guardIdleRequestQueueTimer(kafkajsRequestQueue());
  return kafka;
}

/** kafkajs's internal RequestQueue class (one per broker connection). */
export function kafkajsRequestQueue(): { prototype: object } {
  return require('kafkajs/src/network/requestQueue') as { prototype: object };
}
