export {
  runService,
  type CommandContext,
  type ServiceCommand,
  type RunOptions,
  type ServiceConfigBase,
  type ServiceContext,
  type ServiceDefinition,
} from './lib/run-service';
