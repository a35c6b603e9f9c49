export {
  runService,
  type RunOptions,
  type ServiceConfigBase,
  type ServiceContext,
  type ServiceDefinition,
} from './lib/run-service';
