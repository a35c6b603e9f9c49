export { LeaderElector, type LeaderElectorOptions, type Leadership } from './leader-elector';
