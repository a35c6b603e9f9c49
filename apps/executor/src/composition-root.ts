import { BearerAuthenticator, createTokenProvider, verifyAuth } from '@latigo/auth';
import type { AuthConfig, ExecutorConfig } from '@latigo/config-loader';
import { GordoClient, gordoClientOptionsFromConfig } from '@latigo/gordo-client';
import { HttpService } from '@latigo/http-client';
import { MetadataClient } from '@latigo/metadata-client';
import { ExitCode } from '@latigo/observability';
import type { ServiceContext } from '@latigo/service-runtime';
import { createTaskQueue, type MemoryBroker } from '@latigo/task-queue';
import { createTaskStatus, type MemoryTaskStatusStore } from '@latigo/task-status';
import { TimeSeriesClient } from '@latigo/time-series-client';
import { Agent, type Dispatcher } from 'undici';
import { createExecutorCache } from './cache/executor-cache';
import { ExecutorMetrics } from './metrics/executor-metrics';
import { UpstreamCalls } from './metrics/upstream-calls';
import { GordoClientPool } from './model-catalog/gordo-client-pool';
import { GordoModelCatalog } from './model-catalog/gordo-model-catalog';
import { PredictionPipeline } from './pipeline/prediction-pipeline';
import { MetadataApiRecorder } from './prediction-metadata/metadata-recorder';
import { TimeSeriesPredictionStore } from './prediction-store/time-series-prediction-store';
import { GordoPredictor } from './predictor/gordo-predictor';
import { TimeSeriesSensorData } from './sensor-data/time-series-sensor-data';
import { createTaskHandler } from './task-handler/task-handler';
import { recordTaskStatus } from './task-status/task-status-recording';

/** What a caller may hand in besides the configuration (the embedded run, in-process tests). */
export interface ExecutorOverrides {
  /** `task_queue.type: memory`: the broker shared with a scheduler in the same process. */
  memoryBroker?: MemoryBroker;
  /** `task_status.type: memory`: the store shared with a scheduler in the same process. */
  taskStatusStore?: MemoryTaskStatusStore;
}

/** The part of the shutdown deadline the consumer may spend finishing running tasks; the rest closes connections. */
const DRAIN_SHARE = 0.8;

/**
 * Wires the executor from its configuration: cache (Redis or memory), one HTTP agent per
 * upstream (requests counted per task), credentials, the clients, the prediction pipeline, the
 * task handler, and the queue consumer. Readiness: consuming, and Redis connected. On SIGTERM the
 * consumer drains (running tasks finish and are committed) before the connections close.
 */
export async function startExecutor(
  ctx: ServiceContext<ExecutorConfig>,
  overrides: ExecutorOverrides = {},
): Promise<void> {
  const { config, logger, health, shutdown } = ctx;
  const settings = config.executor;
  const metrics = ExecutorMetrics.for(ctx.metrics);
  const calls = new UpstreamCalls(metrics);
  const timeoutMs = settings.request_timeout.ms;

  const cache = createExecutorCache(config, logger);
  shutdown.register('cache', () => cache.close());
  if (config.cache.type === 'redis') health.setReadinessCheck('redis', () => cache.readiness());

  const agents: Agent[] = [];
  shutdown.register('http agents', async () => {
    await Promise.all(agents.map((a) => a.close()));
  });
  const dispatcherFor = (upstream: string): Dispatcher => {
    const agent = new Agent({ connections: 32 });
    agents.push(agent);
    return agent.compose(calls.interceptor(upstream));
  };
  const authenticator = async (auth: AuthConfig, where: string, dispatcher: Dispatcher) => {
    const result = new BearerAuthenticator(createTokenProvider(auth, { where }), auth.auto_adding_headers);
    if (auth.verification_url && auth.verify_on_startup) {
      const service = new HttpService({
        service: 'auth-check',
        baseUrl: auth.verification_url,
        authenticator: result,
        dispatcher,
        timeoutMs,
      });
      await verifyAuth({ service, where, element: auth.verification_element });
    }
    return result;
  };

  const gordoPool = async (section: ExecutorConfig['model_info'], where: string, revisionsTtlMs?: number) => {
    const dispatcher = dispatcherFor('gordo');
    const auth = await authenticator(section.auth, `${where}.auth`, dispatcher);
    return new GordoClientPool(
      (project) =>
        new GordoClient({
          ...gordoClientOptionsFromConfig(section, {
            project,
            dispatcher,
            authenticator: auth,
            logger,
            timeoutMs,
          }),
          ...(revisionsTtlMs !== undefined ? { revisionsTtlMs } : {}),
        }),
    );
  };
  const timeSeries = async (section: ExecutorConfig['sensor_data'], where: string) => {
    const dispatcher = dispatcherFor('timeseries');
    return new TimeSeriesClient({
      baseUrl: section.base_url,
      dispatcher,
      authenticator: await authenticator(section.auth, `${where}.auth`, dispatcher),
      timeoutMs,
      logger,
      seriesIdCache: cache.seriesIds,
    });
  };
  const metadataDispatcher = dispatcherFor('metadata');
  const metadataSection = config.prediction_metadata_storage;

  const pipeline = new PredictionPipeline({
    // The catalog caches revisions itself (and can be told to refresh), so the client does not.
    catalog: new GordoModelCatalog(await gordoPool(config.model_info, 'model_info', 0), {
      revisionTtlMs: settings.revision_cache_ttl.ms,
    }),
    sensors: new TimeSeriesSensorData(await timeSeries(config.sensor_data, 'sensor_data')),
    predictor: new GordoPredictor(await gordoPool(config.predictor, 'predictor')),
    store: new TimeSeriesPredictionStore(await timeSeries(config.prediction_storage, 'prediction_storage')),
    recorder: new MetadataApiRecorder(
      new MetadataClient({
        baseUrl: metadataSection.base_url,
        dispatcher: metadataDispatcher,
        authenticator: await authenticator(
          metadataSection.auth,
          'prediction_metadata_storage.auth',
          metadataDispatcher,
        ),
        timeoutMs,
        logger,
      }),
    ),
    observeStage: async (stage, run) => {
      const end = metrics.stageDuration.startTimer({ stage });
      try {
        return await run();
      } finally {
        end();
      }
    },
  });
  const handler = createTaskHandler({
    pipeline,
    doneMarkers: cache.doneMarkers,
    deadlineMs: settings.task_deadline.ms,
    logger,
    metrics,
    calls,
  });

  // Registered before the consumer: closed (flushed) after it drained.
  const taskStatus = createTaskStatus(config, {
    logger,
    registry: ctx.metrics,
    // One Redis connection per executor: the cache's (closed after the task status flushed).
    ...(cache.redis ? { redisClient: cache.redis } : {}),
    ...(overrides.taskStatusStore ? { memoryStore: overrides.taskStatusStore } : {}),
  });
  shutdown.register('task status', () => taskStatus.close());
  const recording = recordTaskStatus(taskStatus.recorder, handler);

  const queue = createTaskQueue(config.task_queue, {
    logger,
    metrics: ctx.metrics,
    defaultGroupId: 'latigo-executor',
    ...(overrides.memoryBroker ? { memoryBroker: overrides.memoryBroker } : {}),
  });
  const consumer = queue.consumer();
  let consuming = false;
  health.setReadinessCheck('task queue', () => (consuming ? undefined : 'not consuming tasks'));
  shutdown.register('task queue', async () => {
    const drained = await consumer.drain(Math.floor(config.server.shutdown_timeout_ms * DRAIN_SHARE));
    logger.info('task consumer drained', { ...drained });
    await queue.close();
  });

  await consumer.run(recording.handler, {
    onOutcome: recording.onOutcome,
    concurrency: settings.concurrency,
    retry: {
      maxAttempts: settings.retry.max_attempts,
      initialDelayMs: settings.retry.initial_delay.ms,
      maxDelayMs: settings.retry.max_delay.ms,
      multiplier: settings.retry.multiplier,
    },
  });
  consuming = true;
  consumer.stopped.then(
    () => {
      consuming = false;
    },
    (error: unknown) => {
      consuming = false;
      logger.error('task consumer stopped', { error });
      void shutdown.shutdown('task consumer failed', ExitCode.failure);
    },
  );
  logger.info('executor consuming tasks', {
    task_queue: config.task_queue.type,
    topic: queue.topic,
    dead_letter_topic: queue.deadLetterTopic,
    cache: config.cache.type,
    task_status: taskStatus.type,
    concurrency: settings.concurrency,
  });
}
