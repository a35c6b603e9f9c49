export type { LeaseAttempt, LeaseStore, SlotStore } from './ports';
export { SchedulerStateError, type SchedulerStateErrorCode } from './errors';
export { MemoryLeaseStore, MemorySlotStore } from './memory-state';
export { RedisLeaseStore, RedisSlotStore, schedulerKeys, type RedisCommands } from './redis-state';
export { connectRedis, type RedisConnection, type RedisConnectionSettings } from './redis-connection';
