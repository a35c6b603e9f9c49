// Helpers for tests of Latigo services; not needed at run time.
export { ServiceProcess, type ServiceProcessExit, type ServiceProcessOptions } from './lib/service-process';
export { describeServiceLifecycle, type LifecycleSuiteOptions } from './lib/lifecycle-suite';
