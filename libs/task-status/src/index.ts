export * from './lib/status-report';
export * from './lib/task-status-ports';
