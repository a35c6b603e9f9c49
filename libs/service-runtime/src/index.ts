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
