import { readFileSync } from 'node:fs';
import { ConfigError, type ConfigIssue, loadConfig, redactConfig } from '@latigo/config-loader';
import {
  createMetricsRegistry,
  ExitCode,
  HealthServer,
  type LogLevel,
  type Logger,
  type ProcessLike,
  ShutdownCoordinator,
  startTelemetryLazily,
} from '@latigo/observability';
import { createWinstonLogger } from '@latigo/observability/winston';
import { Command, CommanderError } from 'commander';
import type { Registry } from 'prom-client';
import { stringify } from 'yaml';
import type { z } from 'zod';

/** What every Latigo service's configuration has, whatever else it holds. */
export interface ServiceConfigBase {
  logging: { level: LogLevel };
  server: { host: string; port: number; shutdown_timeout_ms: number };
}

/** Handed to the app's composition root once configuration, logging and health are up. */
export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  metrics: Registry;
  health: HealthServer;
  shutdown: ShutdownCoordinator;
}

export interface ServiceDefinition<S extends z.ZodType<ServiceConfigBase, unknown>> {
  /** Process name in logs and --help, e.g. `latigo-scheduler`. */
  name: string;
  description: string;
  /** The package.json whose `version` --version prints. */
  packageJsonFile: string;
  schema: S;
  defaultsFile: string;
  /** e.g. `LATIGO_SCHEDULER_CONFIG_FILE`, as in the Python Latigo. */
  overrideFileEnvVar: string;
  /** Wires the app; registers what it opens with `ctx.shutdown`. Resolves once started. */
  start(ctx: ServiceContext<z.output<S>>): Promise<void>;
  /**
   * Azure Monitor settings read from the configuration. With a connection string, telemetry
   * (logs, traces, metrics through OpenTelemetry) starts before the app is wired and stops last.
   */
  telemetry?(config: z.output<S>): TelemetrySettings | undefined;
  /** One-off subcommands (e.g. `backfill`); without one on the command line, the service runs. */
  commands?: ServiceCommand<z.output<S>>[];
}

/** Where a service's telemetry goes; no connection string, no telemetry (and no SDK loaded). */
export interface TelemetrySettings {
  /** Application Insights connection string; a secret. */
  connectionString?: string | undefined;
  /** Share of traces kept, 0 to 1. */
  samplingRatio?: number;
}

/** Handed to a subcommand once its configuration is loaded. */
export interface CommandContext<C> {
  config: C;
  /** JSON log lines on stderr, so stdout carries only the command's own output. */
  logger: Logger;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted on the first SIGINT/SIGTERM: stop soon and report what was done (a second signal exits at once). */
  signal: AbortSignal;
  /** Resources registered here are closed after `run` settles, within `server.shutdown_timeout_ms`. */
  shutdown: ShutdownCoordinator;
}

/** A subcommand of a service: same configuration files and flags, no health server. */
export interface ServiceCommand<C> {
  name: string;
  description: string;
  /** Adds the command's own options and help text. */
  configure?(command: Command): void;
  /** Runs the command with its parsed options; resolves with the exit code. */
  run(ctx: CommandContext<C>, options: Record<string, unknown>): Promise<number>;
}

export interface RunOptions {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Receives signals and the exit code; tests pass a stand-in so nothing exits the test runner. */
  process?: ProcessLike;
}

/**
 * The whole life of a service process: parse the command line, load and validate the
 * configuration, start logging, metrics and the health server, call the app's `start`, and on
 * SIGTERM/SIGINT close everything within `server.shutdown_timeout_ms`. Sets the exit code:
 * 0 clean, 1 failure, 2 bad configuration or command line, 124 shutdown deadline exceeded.
 * A subcommand from `service.commands` runs instead of the service, with the same configuration,
 * and its `run` decides the exit code.
 */
export async function runService<S extends z.ZodType<ServiceConfigBase, unknown>>(
  service: ServiceDefinition<S>,
  options: RunOptions = {},
): Promise<void> {
  const env = options.env ?? process.env;
  const proc = options.process ?? process;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const version = readVersion(service.packageJsonFile);

  const program = new Command(service.name)
    .description(service.description)
    .version(version, '-V, --version')
    .option('-c, --config <file>', `override file (default: $${service.overrideFileEnvVar})`)
    .option('--print-config', 'print the effective configuration with secrets redacted, then exit')
    .option('--check-config', 'validate the configuration, print problems, then exit (0 = valid)')
    .addHelpText(
      'after',
      `\nConfiguration: ${service.defaultsFile}\n  deep-merged with the file in --config or $${service.overrideFileEnvVar}; \${VAR} and \${VAR:-default} are read from the environment.`,
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });

  // Without a subcommand the program's own action runs the service.
  let invoked: { command: ServiceCommand<z.output<S>>; options: Record<string, unknown> } | undefined;
  program.action(() => undefined);
  for (const command of service.commands ?? []) {
    const sub = program.command(command.name).description(command.description);
    command.configure?.(sub);
    sub.action((commandOptions: Record<string, unknown>) => {
      invoked = { command, options: commandOptions };
    });
  }

  let flags: { config?: string; printConfig?: boolean; checkConfig?: boolean };
  try {
    flags = program.parse(options.argv ?? process.argv).opts();
  } catch (error) {
    if (error instanceof CommanderError) {
      proc.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.config;
      return;
    }
    throw error;
  }

  let loaded;
  try {
    loaded = await loadConfig({
      schema: service.schema,
      defaultsFile: service.defaultsFile,
      overrideFileEnvVar: service.overrideFileEnvVar,
      ...(flags.config ? { overrideFile: flags.config } : {}),
      env,
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr.write(`${service.name}: ${error.message}\n`);
    proc.exitCode = ExitCode.config;
    return;
  }
  const { config, files, warnings } = loaded;
  const redacted = redactConfig(service.schema, config);
  const warningLines = warnings.map((w) => `  - ${w.path} (${w.file}): ${w.message}`);

  if (flags.printConfig) {
    stdout.write(
      `# ${service.name} ${version}: effective configuration from ${files.join(' + ')} (secrets redacted)\n`,
    );
    stdout.write(stringify(redacted, { lineWidth: 0 }));
    if (warningLines.length) stderr.write(`warnings:\n${warningLines.join('\n')}\n`);
    return;
  }
  if (flags.checkConfig) {
    stdout.write(`${service.name}: configuration is valid (${files.join(' + ')})\n`);
    if (warningLines.length) stdout.write(`warnings:\n${warningLines.join('\n')}\n`);
    return;
  }

  if (invoked) {
    await runCommand(invoked.command, invoked.options, {
      config,
      version,
      service,
      proc,
      stdout,
      stderr,
      warnings,
    });
    return;
  }

  const telemetry = service.telemetry?.(config);
  const logger = createWinstonLogger({
    level: config.logging.level,
    defaultMeta: { service: service.name, version },
    stream: stdout,
    exportToOpenTelemetry: Boolean(telemetry?.connectionString),
  });

  const shutdown = new ShutdownCoordinator({
    deadlineMs: config.server.shutdown_timeout_ms,
    logger,
    process: proc,
  });
  shutdown.installSignalHandlers();
  installCrashHandlers(proc, shutdown, logger);

  try {
    // First, so that what the app does from here on is traced; registered first, so closed last.
    if (telemetry?.connectionString) await startTelemetry(service.name, version, telemetry, logger, shutdown);
    for (const warning of warnings) logger.warn('configuration warning', { ...warning });
    const metrics = createMetricsRegistry({ defaultLabels: { service: service.name } });
    const health = await HealthServer.start({
      host: config.server.host,
      port: config.server.port,
      registry: metrics,
      logger,
    });
    shutdown.register('health server', () => health.close());
    health.setReadinessCheck('config', () => undefined);
    logger.info(`${service.name} starting`, {
      version,
      node: process.version,
      files,
      config: redacted,
      healthUrl: health.url,
    });
    await service.start({ config, logger, metrics, health, shutdown });
    logger.info(`${service.name} started`, { healthUrl: health.url });
  } catch (error) {
    logger.error(`${service.name} failed to start`, { error });
    await shutdown.shutdown('start-up failed', ExitCode.failure);
  }
}

interface CommandRun<C extends ServiceConfigBase> {
  config: C;
  version: string;
  service: { name: string };
  proc: ProcessLike;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  warnings: ConfigIssue[];
}

async function runCommand<C extends ServiceConfigBase>(
  command: ServiceCommand<C>,
  commandOptions: Record<string, unknown>,
  run: CommandRun<C>,
): Promise<void> {
  const { config, proc, stdout, stderr } = run;
  const logger = createWinstonLogger({
    level: config.logging.level,
    defaultMeta: { service: run.service.name, version: run.version, command: command.name },
    stream: stderr,
  });
  for (const warning of run.warnings) logger.warn('configuration warning', { ...warning });
  // Closing is routine for a command: only its problems reach the terminal.
  const quiet: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, meta) => logger.warn(message, meta),
    error: (message, meta) => logger.error(message, meta),
    child: (meta) => logger.child(meta),
  };
  const shutdown = new ShutdownCoordinator({
    deadlineMs: config.server.shutdown_timeout_ms,
    logger: quiet,
    process: proc,
  });
  const abort = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    proc.on(sig, () => {
      if (abort.signal.aborted) proc.exit(ExitCode.interrupted);
      logger.warn(`${command.name}: ${sig} received, stopping (again to stop at once)`);
      abort.abort(new Error(`signal ${sig}`));
    });
  }
  let exitCode: number;
  try {
    exitCode = await command.run(
      { config, logger, stdout, stderr, signal: abort.signal, shutdown },
      commandOptions,
    );
  } catch (error) {
    logger.error(`${command.name} failed`, { error });
    exitCode = ExitCode.failure;
  }
  await shutdown.shutdown(`${command.name} finished`, exitCode);
}

async function startTelemetry(
  serviceName: string,
  serviceVersion: string,
  settings: TelemetrySettings,
  logger: Logger,
  shutdown: ShutdownCoordinator,
): Promise<void> {
  // Loaded only now: a service without telemetry never loads the SDK.
  const telemetry = startTelemetryLazily({
    serviceName,
    serviceVersion,
    connectionString: settings.connectionString as string,
    ...(settings.samplingRatio !== undefined ? { samplingRatio: settings.samplingRatio } : {}),
    logger,
  });
  shutdown.register('telemetry', () => telemetry.shutdown());
}

function readVersion(packageJsonFile: string): string {
  return (JSON.parse(readFileSync(packageJsonFile, 'utf8')) as { version: string }).version;
}

function installCrashHandlers(proc: ProcessLike, shutdown: ShutdownCoordinator, logger: Logger): void {
  const crash = (kind: string) => (error: unknown) => {
    logger.error(kind, { error });
    void shutdown.shutdown(kind, ExitCode.failure);
  };
  proc.on('uncaughtException', crash('uncaught exception'));
  proc.on('unhandledRejection', crash('unhandled promise rejection'));
}
