import { runGordoClientWorker } from './scenarios/gordo-client-worker';
import { runWorkerMain } from './worker-main';

runWorkerMain(runGordoClientWorker);
