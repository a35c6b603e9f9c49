import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { BearerAuthenticator, createTokenProvider, verifyAuth } from '@latigo/auth';
import type { AuthConfig, SchedulerConfig } from '@latigo/config-loader';
import { GordoClient, gordoClientOptionsFromConfig } from '@latigo/gordo-client';
import { HttpService } from '@latigo/http-client';
import { MetadataClient } from '@latigo/metadata-client';
import type { Logger } from '@latigo/observability';
import type { CommandContext, ServiceContext } from '@latigo/service-runtime';
import { createTaskQueue, kafkaSettingsFromConfig, type MemoryBroker } from '@latigo/task-queue';
import {
  createTaskStatus,
  type MemoryTaskStatusStore,
  type RedisScripting,
  registerFreshnessGauge,
  type TaskStatusReader,
} from '@latigo/task-status';
import { Registry } from 'prom-client';
import { backfillCommand, createProgress } from './backfill';
import {
  GordoModelSource,
  MetadataProjectSource,
  ModelDiscovery,
  ModelFilter,
  type ProjectSource,
  StaticProjectSource,
} from './discovery';
import { LeaderElector } from './leadership';
import { SlotScheduler } from './loop';
import { SchedulerMetrics } from './metrics';
import { brokerProbe, EnqueueHealth } from './readiness';
import { SlotClock } from './slots';
import { registerStatusRoutes } from './status-page';
import {
  connectRedis,
  type LeaseStore,
  MemoryLeaseStore,
  MemorySlotStore,
  RedisLeaseStore,
  RedisSlotStore,
  schedulerKeys,
  type SlotStore,
} from './state';
import { systemClock } from './time';

/** What a caller may hand in besides the configuration (the embedded run, in-process tests). */
export interface SchedulerOverrides {
  /** `task_queue.type: memory`: the broker shared with executors in the same process. */
  memoryBroker?: MemoryBroker;
  /** The slot record instead of the one `cache` selects (the lease stays there), e.g. one seeded for a catch-up. */
  slotStore?: SlotStore;
  /** `task_status.type: memory`: the store shared with executors in the same process. */
  taskStatusStore?: MemoryTaskStatusStore;
}

/**
 * Wires the scheduler from its configuration: the slot clock, model discovery (metadata API or
 * a project list, then Gordo), the task queue, the Redis lease and slot record (or memory ones),
 * readiness checks and metrics; then runs the leader election and the slot loop in the
 * background. On SIGTERM the loop finishes the slot it is enqueueing, the lease is released,
 * the producer is closed, then Redis.
 */
export async function startScheduler(
  ctx: ServiceContext<SchedulerConfig>,
  overrides: SchedulerOverrides = {},
): Promise<void> {
  const { config, logger, health, shutdown } = ctx;
  const section = config.scheduler;
  const slotClock = slotClockOf(config);
  const metrics = new SchedulerMetrics(ctx.metrics);
  await verifyCredentials(config, logger);
  const discovery = modelDiscovery(config, logger);

  const state = schedulerState(config, logger, ctx);
  const { leases, ready } = state;
  const slots = overrides.slotStore ?? state.slots;
  const queue = createTaskQueue(config.task_queue, {
    logger,
    metrics: ctx.metrics,
    ...(overrides.memoryBroker ? { memoryBroker: overrides.memoryBroker } : {}),
  });
  shutdown.register('task queue', () => queue.close());
  // Closed after the slot loop stopped (last registered, first closed), so its last records are flushed.
  const taskStatus = createTaskStatus(config, {
    logger,
    registry: ctx.metrics,
    ...(state.redis && config.cache.type === 'redis' ? { redisClient: state.redis } : {}),
    ...(overrides.taskStatusStore ? { memoryStore: overrides.taskStatusStore } : {}),
  });
  shutdown.register('task status', () => taskStatus.close());
  /** What the status page (`/status`, `/status.json`) and the freshness gauge read. */
  const taskStatusReader: TaskStatusReader = taskStatus.reader;
  registerFreshnessGauge({
    reader: taskStatusReader,
    registry: ctx.metrics,
    retentionMs: config.task_status.retention.ms,
    logger,
  });
  registerStatusRoutes(health, taskStatus.reader, { logger });
  const enqueueHealth = new EnqueueHealth();
  health.setReadinessCheck('task queue', taskQueueCheck(config, enqueueHealth));

  const owner = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const leadership = new LeaderElector({
    store: leases,
    owner,
    ttlMs: section.lease_ttl.ms,
    clock: systemClock,
    logger,
  });
  leadership.onChange((leader) => metrics.leader.set(leader ? 1 : 0));
  metrics.leader.set(0);
  const loop = new SlotScheduler({
    slotClock,
    clock: systemClock,
    slots,
    leadership,
    discovery,
    queue: enqueueHealth.track(queue),
    catchupWindowMs: section.catchup_window.ms,
    runAtOnce: section.run_at_once,
    logger,
    metrics,
    taskStatus: taskStatus.recorder,
  });

  // Last registered, first closed: the loop stops (finishing the slot it is enqueueing) before
  // the lease is released, so a standby cannot start that slot again; then the producer closes.
  // Saves a spurious "unreachable" at start: Redis usually answers within milliseconds.
  await ready(2000);
  const stopElecting = new AbortController();
  const electing = leadership.run(stopElecting.signal);
  shutdown.register('leader lease', async () => {
    stopElecting.abort();
    await electing;
  });
  const stopLooping = new AbortController();
  const looping = loop.run(stopLooping.signal);
  shutdown.register('slot loop', async () => {
    stopLooping.abort();
    // A stuck enqueue (broker gone) must not eat the whole deadline: that slot is not recorded,
    // so whoever leads next enqueues it again.
    const graceMs = config.server.shutdown_timeout_ms / 2;
    const stopped = await Promise.race([looping.then(() => true), sleep(graceMs, false, { ref: false })]);
    if (!stopped)
      logger.warn('a slot was still being enqueued at shutdown; it will be enqueued again', { graceMs });
  });
  // A crash of either loop is a bug: stop the process rather than run half a scheduler.
  for (const [name, running] of [
    ['leader election', electing],
    ['slot loop', looping],
  ] as const) {
    running.catch((error: unknown) => {
      logger.error(`${name} crashed`, { error });
      void shutdown.shutdown(`${name} crashed`, 1);
    });
  }

  logger.info('scheduler running', {
    name: section.name,
    owner,
    grid: {
      startTime: section.continuous_prediction_start_time,
      interval: section.continuous_prediction_interval,
    },
    delay: section.continuous_prediction_delay,
    catchupWindow: section.catchup_window,
    runAtOnce: section.run_at_once,
    projects: section.projects.length ? section.projects : 'from the metadata API',
    taskQueue: config.task_queue.type,
    topic: queue.topic,
    state: config.cache.type,
    leaseTtl: section.lease_ttl,
    nextSlot: new Date(slotClock.nextSlotAfter(Date.now())).toISOString(),
    taskStatus: taskStatus.type,
  });
}

/** `backfill`: the same discovery and task queue as the service, no lease, no slot record. */
export const schedulerCommands = [
  backfillCommand(async (ctx: CommandContext<SchedulerConfig>, options) => {
    const { config, logger, shutdown } = ctx;
    if (config.task_queue.type === 'memory') {
      logger.warn(
        'task_queue.type is memory: the tasks only live in this process and are gone when backfill exits',
      );
    }
    await verifyCredentials(config, logger);
    const queue = createTaskQueue(config.task_queue, { logger, metrics: new Registry() });
    shutdown.register('task queue', () => queue.close());
    return {
      slotClock: slotClockOf(config),
      discovery: modelDiscovery(
        config,
        logger,
        options.projects.length ? new StaticProjectSource(options.projects) : undefined,
      ),
      queue,
      progress: createProgress(ctx.stderr),
      now: Date.now,
      logger,
    };
  }),
];

function slotClockOf(config: SchedulerConfig): SlotClock {
  const s = config.scheduler;
  return new SlotClock({
    startTimeMs: s.continuous_prediction_start_time.ms,
    intervalMs: s.continuous_prediction_interval.ms,
    delayMs: s.continuous_prediction_delay.ms,
  });
}

function authenticatorFor(auth: AuthConfig, where: string): BearerAuthenticator {
  return new BearerAuthenticator(createTokenProvider(auth, { where }), auth.auto_adding_headers);
}

function modelDiscovery(config: SchedulerConfig, logger: Logger, projects?: ProjectSource): ModelDiscovery {
  const s = config.scheduler;
  const gordoAuth = authenticatorFor(config.model_info.auth, 'model_info.auth');
  return new ModelDiscovery({
    projects: projects ?? projectSource(config, logger),
    models: new GordoModelSource(
      (project) =>
        new GordoClient(
          gordoClientOptionsFromConfig(config.model_info, { project, authenticator: gordoAuth, logger }),
        ),
    ),
    filter: new ModelFilter({ include: s.include_models, exclude: s.exclude_models }),
    parallelism: s.discovery_parallelism,
    logger,
  });
}

function projectSource(config: SchedulerConfig, logger: Logger): ProjectSource {
  const metadata = config.models_metadata_info;
  if (config.scheduler.projects.length > 0 || !metadata)
    return new StaticProjectSource(config.scheduler.projects);
  return new MetadataProjectSource(
    new MetadataClient({
      baseUrl: metadata.base_url,
      authenticator: authenticatorFor(metadata.auth, 'models_metadata_info.auth'),
      logger,
    }),
  );
}

/** The original's start-up check of the credentials, for each auth block that names a verification URL. */
async function verifyCredentials(config: SchedulerConfig, logger: Logger): Promise<void> {
  const blocks: [string, AuthConfig | undefined][] = [
    ['model_info.auth', config.model_info.auth],
    [
      'models_metadata_info.auth',
      config.scheduler.projects.length ? undefined : config.models_metadata_info?.auth,
    ],
  ];
  for (const [where, auth] of blocks) {
    if (!auth?.verification_url || !auth.verify_on_startup) continue;
    const service = new HttpService({
      service: 'auth-check',
      baseUrl: auth.verification_url,
      authenticator: authenticatorFor(auth, where),
      logger,
    });
    await verifyAuth({ service, where, element: auth.verification_element });
    logger.info('credentials verified', { where });
  }
}

function schedulerState(
  config: SchedulerConfig,
  logger: Logger,
  ctx: ServiceContext<SchedulerConfig>,
): {
  leases: LeaseStore;
  slots: SlotStore;
  ready: (timeoutMs: number) => Promise<unknown>;
  /** The Redis client, shared with the task status. */
  redis?: RedisScripting;
} {
  const cache = config.cache;
  if (cache.type === 'memory') {
    logger.warn(
      'cache.type is memory: this process is always the leader and forgets the last slot on restart',
    );
    return {
      leases: new MemoryLeaseStore(systemClock),
      slots: new MemorySlotStore(),
      ready: async () => true,
    };
  }
  const redis = connectRedis(
    { host: cache.host ?? '', port: cache.port, password: cache.password, tls: cache.tls },
    logger.child({ component: 'redis' }),
  );
  ctx.shutdown.register('redis', () => redis.close());
  ctx.health.setReadinessCheck('redis', async () => {
    await redis.client.ping();
  });
  const keys = schedulerKeys(cache.key_prefix, config.scheduler.name);
  return {
    leases: new RedisLeaseStore(redis.client, keys.lease),
    slots: new RedisSlotStore(redis.client, keys.lastSlot),
    ready: (timeoutMs: number) => redis.ready(timeoutMs),
    redis: redis.client,
  };
}

function taskQueueCheck(
  config: SchedulerConfig,
  enqueueHealth: EnqueueHealth,
): () => Promise<string | undefined> {
  if (config.task_queue.type === 'memory') return async () => enqueueHealth.check();
  const probe = brokerProbe(kafkaSettingsFromConfig(config.task_queue).brokers);
  return async () => (await probe()) ?? enqueueHealth.check();
}
