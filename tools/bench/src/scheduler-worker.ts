import { runSchedulerWorker } from './scenarios/scheduler-worker';
import { runWorkerMain } from './worker-main';

runWorkerMain(runSchedulerWorker);
