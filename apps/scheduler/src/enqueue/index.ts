export { countByProject, tasksForSlot } from './slot-tasks';
