export { SchedulerMetrics } from './scheduler-metrics';
