/**
 * Remembers which tasks succeeded, by `task_id`, for a while: a task delivered again (a crash
 * before the commit, a duplicate from the scheduler) is then acknowledged without redoing it.
 */
export interface DoneMarkers {
  isDone(taskId: string): Promise<boolean>;
  markDone(taskId: string): Promise<void>;
}

/** `done_marker_ttl: 0`: nothing is remembered, every delivery runs. */
export const NO_DONE_MARKERS: DoneMarkers = {
  isDone: async () => false,
  markDone: async () => undefined,
};
