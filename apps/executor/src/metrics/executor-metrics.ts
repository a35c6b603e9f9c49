import { Counter, Histogram, type Registry } from 'prom-client';

const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const CALL_BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500];

/**
 * The executor's Prometheus series, one set per registry:
 * - `latigo_executor_task_attempts_total{outcome,reason}`: each run of a task: succeeded (reason
 *   `ok`), skipped (`no_data`, `model_gone`, `nothing_to_predict`, `unsupported_model`,
 *   `already_done`) or failed (the error code; the queue then retries or dead-letters it, see
 *   `latigo_task_queue_tasks_total`);
 * - `latigo_executor_task_duration_seconds{outcome}` and `latigo_executor_stage_duration_seconds{stage}`;
 * - `latigo_executor_upstream_requests_total{upstream}`: HTTP requests (retries included) to
 *   gordo, timeseries and metadata, and `latigo_executor_upstream_requests_per_task{upstream}`.
 */
export class ExecutorMetrics {
  private static readonly byRegistry = new WeakMap<Registry, ExecutorMetrics>();

  static for(registry: Registry): ExecutorMetrics {
    let metrics = ExecutorMetrics.byRegistry.get(registry);
    if (!metrics) {
      metrics = new ExecutorMetrics(registry);
      ExecutorMetrics.byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  readonly attempts: Counter<'outcome' | 'reason'>;
  readonly taskDuration: Histogram<'outcome'>;
  readonly stageDuration: Histogram<'stage'>;
  readonly upstreamRequests: Counter<'upstream'>;
  readonly upstreamRequestsPerTask: Histogram<'upstream'>;

  private constructor(registry: Registry) {
    const registers = [registry];
    this.attempts = new Counter({
      name: 'latigo_executor_task_attempts_total',
      help: 'Task runs by outcome (succeeded, skipped, failed) and reason (skip reason or error code).',
      labelNames: ['outcome', 'reason'],
      registers,
    });
    this.taskDuration = new Histogram({
      name: 'latigo_executor_task_duration_seconds',
      help: 'Duration of one task run, by outcome.',
      labelNames: ['outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.stageDuration = new Histogram({
      name: 'latigo_executor_stage_duration_seconds',
      help: 'Duration of each pipeline stage (model, resolve_tags, read, resample, predict, output_series, write, metadata).',
      labelNames: ['stage'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.upstreamRequests = new Counter({
      name: 'latigo_executor_upstream_requests_total',
      help: 'HTTP requests to each upstream (gordo, timeseries, metadata), retries included.',
      labelNames: ['upstream'],
      registers,
    });
    this.upstreamRequestsPerTask = new Histogram({
      name: 'latigo_executor_upstream_requests_per_task',
      help: 'HTTP requests one task run made to each upstream (caches make warm runs cheaper).',
      labelNames: ['upstream'],
      buckets: CALL_BUCKETS,
      registers,
    });
  }
}
