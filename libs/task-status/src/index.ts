export * from './lib/status-report';
