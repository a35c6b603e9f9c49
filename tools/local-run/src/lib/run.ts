import { metricSum } from '@latigo/observability';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadExecutorConfig, loadSchedulerConfig } from './app-config';
import { startEmbeddedWorld } from './embedded-world';
import { troubleOf } from './fleet';
import { computeFigures, type RunFigures, UPSTREAMS, type Upstream } from './figures';
import { formatDuration } from './format';
import { ensureKafkaTopics } from './kafka-topics';
import { startPipeline, type Pipeline } from './pipeline';
import { createProgress } from './progress';
import { writeReport } from './report/write-report';
import { RunEvents } from './run-events';
import { PlanError, type RunPlan } from './run-plan';
import { summaryTable } from './summary';
import { accountedFor, Tally } from './tally';
import { progressState, waitUntil, watchRun } from './watch';

export interface RunContext {
  stdout: NodeJS.WritableStream;
  /** Aborted on Ctrl-C: the run stops, drains and reports what it did. */
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  figures: RunFigures;
  reportFile: string;
  /** 0 every task accounted for, 1 an app failed or tasks are missing, 130 interrupted before the end. */
  exitCode: number;
}

/**
 * The whole local run: emulators, then the executors and the scheduler (catch-up over the
 * plan's hours), live progress until every task has an outcome (or Ctrl-C with `--follow`),
 * then an orderly stop (scheduler first, so no task is left behind), the report and the summary.
 */
export async function runLocal(plan: RunPlan, context: RunContext): Promise<RunResult> {
  const startedAt = Date.now();
  const out = resolve(plan.out);
  const logDir = join(out, 'logs');
  mkdirSync(logDir, { recursive: true });
  const progress = createProgress(context.stdout);
  const events = new RunEvents();

  progress.begin('start', 'emulators, executors, scheduler');
  const world = await startEmbeddedWorld({
    project: plan.project,
    models: plan.models,
    tagsPerModel: plan.tags,
    seed: plan.seed,
    troubled: plan.troubledModels,
  });
  const troubled = world.fleet.flatMap((m) => {
    const trouble = troubleOf(m);
    return trouble ? [{ model: m.name, trouble }] : [];
  });
  let pipeline: Pipeline | undefined;
  try {
    const input = {
      project: plan.project,
      urls: world.urls,
      catchUpMinutes: plan.hours * 60,
      ...(plan.config ? { userFile: plan.config } : {}),
      ...(context.env ? { env: context.env } : {}),
    };
    const [scheduler, executor] = await Promise.all([loadSchedulerConfig(input), loadExecutorConfig(input)]);
    const intervalMs = scheduler.config.scheduler.continuous_prediction_interval.ms;
    if (plan.hours * 3_600_000 < intervalMs) {
      throw new PlanError(
        `--hours ${plan.hours} is shorter than the slot interval (${formatDuration(intervalMs)}): no slot to catch up`,
      );
    }
    if (scheduler.config.task_queue.type === 'kafka') {
      const problem = await ensureKafkaTopics(scheduler.config.task_queue);
      if (problem) progress.note(`! ${problem}`);
    }
    pipeline = await startPipeline({
      scheduler: scheduler.config,
      executor: executor.config,
      executors: plan.executors,
      catchUpSince: Date.now() - plan.hours * 3_600_000,
      logDir,
      sink: events.observe,
      keepSchedulerServing: plan.serve,
    });
    const executors = plan.executors === 1 ? '1 executor' : `${plan.executors} executors`;
    progress.end(
      'start',
      `ready in ${formatDuration(Date.now() - startedAt)}: ${executors}, ${scheduler.config.task_queue.type} queue, ${scheduler.config.cache.type} cache`,
    );
    for (const { model, trouble } of troubled) progress.note(`troubled model ${model}: ${trouble}`);
    progress.note(`status: ${statusUrl(pipeline)}`);
    if (plan.follow) {
      const urls = [pipeline.scheduler, ...pipeline.executors].map(
        (app) => `${app.name} ${app.healthUrl}/metrics`,
      );
      progress.note(`metrics: ${urls.join(', ')}`);
    }

    const tally = new Tally(
      pipeline.scheduler.ctx.metrics,
      pipeline.executors.map((e) => e.ctx.metrics),
    );
    const outcome = await watchRun(pipeline, tally, events, progress, {
      expectedSlots: Math.round((plan.hours * 3_600_000) / intervalMs),
      follow: plan.follow,
      signal: context.signal,
      logDir,
    });

    // The scheduler stops first; a slot it was enqueueing meanwhile still gets run.
    await pipeline.stopScheduler('local run finished');
    if (outcome === 'done') await waitUntil(async () => accountedFor(await tally.snapshot()), context.signal);
    await pipeline.stopExecutors('local run finished');
    const final = await tally.snapshot();
    progress.update(progressState(final, events, events.slots.length));
    progress.end('execute');

    const figures = computeFigures({
      tally: final,
      events,
      startedAt,
      endedAt: Date.now(),
      emulatorRequests: world.requests(),
      executorRequests: await executorRequests(pipeline),
    });
    progress.begin('report', 'plots and figures');
    const reportFile = join(out, 'report.html');
    writeReport({
      file: reportFile,
      header: {
        title: 'Latigo local run',
        startedAt: new Date(startedAt),
        mode: plan.config
          ? `with ${plan.config} (${scheduler.config.task_queue.type} queue, ${scheduler.config.cache.type} cache)`
          : 'embedded: in-memory queue and cache, emulated Timeseries, metadata and Gordo APIs',
        settings: [
          ['models × tags', `${plan.models} × ${plan.tags}`],
          ['hours caught up', String(plan.hours)],
          ['slot interval', formatDuration(intervalMs)],
          ['executors × concurrency', `${plan.executors} × ${executor.config.executor.concurrency}`],
          ['seed', String(plan.seed)],
          ...troubled.map(({ model, trouble }): [string, string] => [`troubled model ${model}`, trouble]),
        ],
      },
      figures,
      timeseries: world.timeseries,
      // The troubled models store nothing to plot; the settings say why.
      models: events.models().filter((m) => !troubled.some((t) => t.model === m.model)),
      range: events.range,
    });
    progress.end('report', shown(reportFile));
    progress.stop();
    context.stdout.write(`\n${summaryTable(figures, { report: shown(reportFile), logs: shown(logDir) })}`);
    const exitCode = outcome === 'failed' ? 1 : accountedFor(final) ? 0 : outcome === 'interrupted' ? 130 : 1;
    if (plan.serve && !context.signal.aborted) {
      context.stdout.write(`\nserving ${statusUrl(pipeline)} until Ctrl-C\n`);
      await aborted(context.signal);
    }
    return { figures, reportFile, exitCode };
  } catch (error) {
    progress.stop();
    await pipeline?.stopScheduler('local run failed');
    await pipeline?.stopExecutors('local run failed');
    throw error;
  } finally {
    await pipeline?.scheduler.closeHealthServer();
    await world.close();
  }
}

/** The scheduler's status page (`/status`, with `/status.json` beside it). */
function statusUrl(pipeline: Pipeline): string {
  return `${pipeline.scheduler.healthUrl}/status`;
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A path relative to the working directory when it is inside it (`local-run/…/report.html`). */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function executorRequests(pipeline: Pipeline): Promise<Record<Upstream, number>> {
  const counts = { gordo: 0, timeseries: 0, metadata: 0 };
  for (const upstream of UPSTREAMS) {
    for (const executor of pipeline.executors)
      counts[upstream] += await metricSum(executor.ctx.metrics, 'latigo_executor_upstream_requests_total', {
        upstream,
      });
  }
  return counts;
}
