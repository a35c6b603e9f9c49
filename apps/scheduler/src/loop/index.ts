export { planSlots, type SlotPlan, type SlotPlanInput } from './plan-slots';
export { SlotScheduler, type PassOutcome, type SlotSchedulerOptions } from './slot-scheduler';
