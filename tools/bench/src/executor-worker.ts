import { runExecutorWorker } from './scenarios/executor-worker';
import { runWorkerMain } from './worker-main';

runWorkerMain(runExecutorWorker);
