import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The scheduler's Prometheus series (served on `/metrics`). */
export class SchedulerMetrics {
  readonly tasksEnqueued: Counter<'project'>;
  readonly slots: Counter<'outcome'>;
  readonly slotLag: Gauge;
  readonly lastSlot: Gauge;
  readonly discoveryDuration: Histogram;
  readonly projectErrors: Counter<'project' | 'code'>;
  readonly models: Gauge;
  readonly leader: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.tasksEnqueued = new Counter({
      name: 'latigo_scheduler_tasks_enqueued_total',
      help: 'Tasks acknowledged by the broker, by project',
      labelNames: ['project'],
      registers,
    });
    this.slots = new Counter({
      name: 'latigo_scheduler_slots_total',
      help: 'Slots by outcome: enqueued, failed (tried again later), skipped (missed, older than catchup_window)',
      labelNames: ['outcome'],
      registers,
    });
    this.slotLag = new Gauge({
      name: 'latigo_scheduler_slot_lag_seconds',
      help: 'From the time of the last enqueued slot until its last task was acknowledged (large after catch-up)',
      registers,
    });
    this.lastSlot = new Gauge({
      name: 'latigo_scheduler_last_enqueued_slot_timestamp_seconds',
      help: 'Time of the last slot whose tasks were all acknowledged (alert when time() minus this exceeds the interval)',
      registers,
    });
    this.discoveryDuration = new Histogram({
      name: 'latigo_scheduler_discovery_duration_seconds',
      help: 'Time to list the projects and their models',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.projectErrors = new Counter({
      name: 'latigo_scheduler_discovery_errors_total',
      help: 'Projects whose models could not be listed at a slot, by project and error code',
      labelNames: ['project', 'code'],
      registers,
    });
    this.models = new Gauge({
      name: 'latigo_scheduler_models',
      help: 'Models scheduled at the last slot',
      registers,
    });
    this.leader = new Gauge({
      name: 'latigo_scheduler_leader',
      help: '1 while this scheduler holds the leader lease, else 0 (standby)',
      registers,
    });
  }
}
