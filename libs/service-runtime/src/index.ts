export {
  runService,
  type CommandContext,
  type ServiceCommand,
  type RunOptions,
  type ServiceConfigBase,
  type ServiceContext,
  type ServiceDefinition,
  type TelemetrySettings,
} from './lib/run-service';
export { createAppContext, type AppContextOptions, type AppHandle } from './lib/in-process/app-context';
export { tapLogger, type LogRecord } from './lib/in-process/log-tap';
