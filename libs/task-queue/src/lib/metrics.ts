import { Counter, Gauge, type Registry } from 'prom-client';

/** One partition's consumer lag: messages on the partition not yet committed by the group. */
export interface LagSample {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/** Something that can report lag when Prometheus scrapes (a running consumer). */
export type LagSource = () => Promise<readonly LagSample[]>;

/**
 * The task queue's Prometheus series, one set per registry (several queues or consumers in one
 * process share them):
 * - `latigo_task_queue_consumer_lag{group,topic,partition}`: end offset minus committed offset of
 *   each partition a consumer of this process holds (sum over pods = the group's lag; for
 *   Prometheus alerts and KEDA's Prometheus scaler);
 * - `latigo_task_queue_tasks_total{outcome}`: succeeded, skipped, retried, dead_lettered, abandoned;
 * - `latigo_task_queue_failures_total{outcome,code}`: failed attempts by what followed (`retried`,
 *   `dead_lettered`) and error code (`TASK_POISON_MESSAGE` for messages that are not tasks);
 * - `latigo_task_queue_tasks_in_flight`: fetched and not finished;
 * - `latigo_task_queue_enqueued_tasks_total`, `latigo_task_queue_produce_requests_total`.
 */
export class TaskQueueMetrics {
  private static readonly byRegistry = new WeakMap<Registry, TaskQueueMetrics>();

  /** The metrics registered on `registry` (created on first use). */
  static for(registry: Registry): TaskQueueMetrics {
    let metrics = TaskQueueMetrics.byRegistry.get(registry);
    if (!metrics) {
      metrics = new TaskQueueMetrics(registry);
      TaskQueueMetrics.byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  readonly tasks: Counter<'outcome'>;
  readonly failures: Counter<'outcome' | 'code'>;
  readonly inFlight: Gauge;
  readonly enqueued: Counter;
  readonly produceRequests: Counter;
  readonly lag: Gauge<'group' | 'topic' | 'partition'>;
  private readonly lagSources = new Set<LagSource>();

  private constructor(registry: Registry) {
    const registers = [registry];
    this.tasks = new Counter({
      name: 'latigo_task_queue_tasks_total',
      help: 'Tasks handled by this process, by outcome (succeeded, skipped, retried, dead_lettered, abandoned).',
      labelNames: ['outcome'],
      registers,
    });
    this.failures = new Counter({
      name: 'latigo_task_queue_failures_total',
      help: 'Failed task attempts by what followed (retried, dead_lettered) and error code.',
      labelNames: ['outcome', 'code'],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'latigo_task_queue_tasks_in_flight',
      help: 'Tasks fetched and not finished yet.',
      registers,
    });
    this.enqueued = new Counter({
      name: 'latigo_task_queue_enqueued_tasks_total',
      help: 'Tasks the broker acknowledged.',
      registers,
    });
    this.produceRequests = new Counter({
      name: 'latigo_task_queue_produce_requests_total',
      help: 'Produce requests sent for tasks.',
      registers,
    });
    const sources = this.lagSources;
    this.lag = new Gauge({
      name: 'latigo_task_queue_consumer_lag',
      help: 'Messages not yet committed by the consumer group, per partition held by this process.',
      labelNames: ['group', 'topic', 'partition'],
      registers,
      async collect() {
        const results = await Promise.allSettled([...sources].map((source) => source()));
        this.reset();
        for (const result of results) {
          if (result.status !== 'fulfilled') continue; // a scrape must not fail because one broker call did
          for (const s of result.value) {
            this.set({ group: s.group, topic: s.topic, partition: String(s.partition) }, s.lag);
          }
        }
      },
    });
  }

  /** Adds a lag source until the returned function is called. */
  addLagSource(source: LagSource): () => void {
    this.lagSources.add(source);
    return () => this.lagSources.delete(source);
  }
}
