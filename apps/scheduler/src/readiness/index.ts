export { brokerProbe } from './broker-probe';
export { EnqueueHealth } from './enqueue-health';
