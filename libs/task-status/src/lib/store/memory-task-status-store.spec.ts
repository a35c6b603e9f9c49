import { describeTaskStatusStoreConformance } from '../testing/conformance.test-helpers';
import { MemoryTaskStatusStore } from './memory-task-status-store';

describeTaskStatusStoreConformance('memory', async (limits, clock) => ({
  store: new MemoryTaskStatusStore({ limits, now: clock.now }),
}));
