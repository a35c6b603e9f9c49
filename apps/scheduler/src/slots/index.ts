export { SlotClock, type SlotClockConfig } from './slot-clock';
export { createSlotGrid, type SlotGrid, type SlotGridConfig } from './slot-grid';
export { isSlot, latestSlotAtOrBefore, latigoNextFire, nextSlotAfter } from './slot-lookup';
export { countSlotsBetween, iterateSlots, slotsBetween } from './slot-range';
export { windowForSlot, type SlotWindow } from './slot-window';
export { catchUpSlots, type CatchUp } from './catch-up';
export { SlotClockError, type SlotClockErrorCode } from './errors';
export { DAY_MS, utcMidnight } from './day';
