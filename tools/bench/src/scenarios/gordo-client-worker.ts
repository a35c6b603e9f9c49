import { parentChannel } from '../lib/worker-process';
import { type OurClientParams, runOurClient } from './gordo-client-runs';

/** Child process: our gordo-client's runs of scenario 3, reported as one `result` message. */
export async function runGordoClientWorker(): Promise<void> {
  const parent = parentChannel();
  const params = (await parent.next('start'))['params'] as OurClientParams;
  const { ts, floor } = await runOurClient(params);
  parent.send({ type: 'result', ts, floor });
}
