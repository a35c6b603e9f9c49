import { ServiceProcess } from '@latigo/service-runtime/testing';
import { SCHEDULER_MAIN } from './executor-fleet';

/** The built scheduler as a process of its own, with an override file. */
export function startScheduler(configFile: string): ServiceProcess {
  return new ServiceProcess({
    mainFile: SCHEDULER_MAIN,
    env: { LATIGO_SCHEDULER_CONFIG_FILE: configFile, LOG_LEVEL: 'info' },
  });
}

export interface EnqueuedSlot {
  readonly slot: number;
  readonly catchUp: boolean;
  readonly tasks: number;
}

/** The slots a scheduler process logged as enqueued (`slot enqueued`), in order. */
export function enqueuedSlots(process: ServiceProcess): EnqueuedSlot[] {
  return process.lines
    .filter((l) => l['message'] === 'slot enqueued')
    .map((l) => ({
      slot: Date.parse(String(l['slot'])),
      catchUp: Boolean(l['catchUp']),
      tasks: Number(l['tasks']),
    }));
}

/** When a process logged its first line matching `message` (epoch ms), from the line's timestamp. */
export function loggedAt(process: ServiceProcess, message: string): number | undefined {
  const line = process.lines.find((l) => l['message'] === message);
  return line ? Date.parse(String(line['timestamp'])) : undefined;
}
