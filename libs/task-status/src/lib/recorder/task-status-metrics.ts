import { Counter, type Registry } from 'prom-client';

/**
 * The recorder's Prometheus series, one set per registry:
 * - `latigo_task_status_writes_failed_total`: batch writes that failed (the batch is kept and tried again);
 * - `latigo_task_status_events_dropped_total`: events and expectations dropped because the buffer was full.
 */
export class TaskStatusMetrics {
  private static readonly byRegistry = new WeakMap<Registry, TaskStatusMetrics>();

  static for(registry: Registry): TaskStatusMetrics {
    let metrics = TaskStatusMetrics.byRegistry.get(registry);
    if (!metrics) {
      metrics = new TaskStatusMetrics(registry);
      TaskStatusMetrics.byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  readonly writesFailed: Counter;
  readonly eventsDropped: Counter;

  private constructor(registry: Registry) {
    const registers = [registry];
    this.writesFailed = new Counter({
      name: 'latigo_task_status_writes_failed_total',
      help: 'Task status batch writes that failed (kept and tried again; tasks are never affected).',
      registers,
    });
    this.eventsDropped = new Counter({
      name: 'latigo_task_status_events_dropped_total',
      help: 'Task status events dropped, oldest first, because the buffer was full (status store slow or down).',
      registers,
    });
  }
}
