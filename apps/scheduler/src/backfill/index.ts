export { backfillCommand, type BackfillWiring } from './command';
export { createProgress, type Progress } from './progress';
export { runBackfill, type BackfillDeps, type BackfillReport, type BackfillRequest } from './run-backfill';
export { BackfillError, type BackfillErrorCode } from './errors';
