import type { Logger } from '@latigo/observability';
import { Gauge, type Registry } from 'prom-client';
import type { TaskStatusReader } from './task-status-ports';

export interface FreshnessGaugeOptions {
  readonly reader: TaskStatusReader;
  readonly registry: Registry;
  /** The value for a model with no stored window in the retention: a lower bound, so alerts fire. */
  readonly retentionMs: number;
  readonly logger: Logger;
}

/**
 * `latigo_prediction_freshness_seconds{project,model}`: now − end of the newest stored prediction
 * window, computed at scrape time from the task status, for the models of the newest slot. A model
 * that has not succeeded within the retention reports the retention itself (it is at least that old).
 * A failed read leaves the series empty for that scrape (the scrape itself does not fail).
 */
export function registerFreshnessGauge(options: FreshnessGaugeOptions): Gauge<'project' | 'model'> {
  const { reader, logger } = options;
  const retentionSeconds = Math.round(options.retentionMs / 1000);
  let failing = false;
  return new Gauge({
    name: 'latigo_prediction_freshness_seconds',
    help:
      'Now minus the end of the newest stored prediction window, per model of the newest slot ' +
      '(the retention when none succeeded within it).',
    labelNames: ['project', 'model'],
    registers: [options.registry],
    async collect() {
      this.reset();
      try {
        const report = await reader.report({ slots: 1 });
        for (const f of report.freshness ?? [])
          this.set({ project: f.project, model: f.model }, f.freshnessSeconds ?? retentionSeconds);
        failing = false;
      } catch (error) {
        if (!failing)
          logger.warn('prediction freshness unavailable: task status read failed', { error: String(error) });
        failing = true;
      }
    },
  });
}
