import type {
  ModelHistory,
  StatusReport,
  StatusReportOptions,
  TaskStatus,
  TaskStatusReader,
} from '@latigo/task-status';

const task = (
  model: string,
  to: string,
  state: TaskStatus['state'],
  extra: Partial<TaskStatus> = {},
): TaskStatus => {
  const from = new Date(Date.parse(to) - 30 * 60_000).toISOString();
  return {
    taskId: `plant-a/${model}/${from}/${to}`,
    project: 'plant-a',
    model,
    from,
    to,
    state,
    at: new Date(Date.parse(to) + 31 * 60_000).toISOString(),
    attempt: 1,
    ...extra,
  };
};

/** A dead letter whose reason carries markup, to prove the page escapes it. */
export const DEAD_LETTER = task('compressor-2', '2026-03-01T08:00:00.000Z', 'dead_lettered', {
  attempt: 3,
  durationMs: 840,
  code: 'GORDO_BAD_REQUEST',
  reason:
    'GordoError: POST /gordo/v0/plant-a/compressor-2/anomaly/prediction answered 400: <script>alert("x")</script> & more',
});

export const SKIPPED = task('pump-7', '2026-03-01T08:00:00.000Z', 'skipped', {
  code: 'EXECUTOR_NO_DATA',
  reason: 'no series for tag pump-7.FT-103 in facility 1903',
});

/**
 * A hand-made report: 3 slots × 2 projects, with every outcome, a slot still in flight, a slot
 * short of a task, stale models with and without a prediction, and a dead letter.
 */
export const STATUS_REPORT: StatusReport = {
  generatedAt: '2026-03-01T09:05:12.000Z',
  freshnessLimitSeconds: 5400,
  slots: [
    {
      slot: '2026-03-01T08:30:00.000Z',
      project: 'plant-a',
      expected: 4,
      enqueued: 4,
      succeeded: 1,
      skipped: 0,
      failed: 0,
      inFlight: 3,
      lagSeconds: 312,
    },
    {
      slot: '2026-03-01T08:30:00.000Z',
      project: 'plant-b',
      expected: 2,
      enqueued: 1,
      succeeded: 1,
      skipped: 0,
      failed: 0,
      inFlight: 0,
      lagSeconds: 95,
    },
    {
      slot: '2026-03-01T08:00:00.000Z',
      project: 'plant-a',
      expected: 4,
      enqueued: 4,
      succeeded: 2,
      skipped: 1,
      failed: 1,
      inFlight: 0,
      lagSeconds: 1900,
    },
    {
      slot: '2026-03-01T08:00:00.000Z',
      project: 'plant-b',
      expected: 2,
      enqueued: 2,
      succeeded: 2,
      skipped: 0,
      failed: 0,
      inFlight: 0,
      lagSeconds: 40,
    },
    {
      slot: '2026-03-01T07:30:00.000Z',
      project: 'plant-a',
      expected: 4,
      enqueued: 4,
      succeeded: 4,
      skipped: 0,
      failed: 0,
      inFlight: 0,
      lagSeconds: 61,
    },
    {
      slot: '2026-03-01T07:30:00.000Z',
      project: 'plant-b',
      expected: 2,
      enqueued: 2,
      succeeded: 2,
      skipped: 0,
      failed: 0,
      inFlight: 0,
      lagSeconds: 38,
    },
  ],
  stale: [
    {
      project: 'plant-a',
      model: 'compressor-2',
      lastSucceededTo: '2026-03-01T07:30:00.000Z',
      freshnessSeconds: 5712,
      latest: DEAD_LETTER,
    },
    { project: 'plant-a', model: 'pump-7', latest: SKIPPED },
    { project: 'plant-b', model: 'separator-1' },
  ],
  deadLetters: [DEAD_LETTER],
};

/** A reader over fixed data that remembers what it was asked, or fails when told to. */
export class FakeTaskStatusReader implements TaskStatusReader {
  readonly reports: StatusReportOptions[] = [];
  failure: Error | undefined;

  constructor(
    private readonly report_: StatusReport = STATUS_REPORT,
    private readonly histories: readonly ModelHistory[] = [
      { project: 'plant-a', model: 'compressor-2', tasks: [DEAD_LETTER] },
    ],
  ) {}

  async report(options: StatusReportOptions = {}): Promise<StatusReport> {
    this.reports.push(options);
    if (this.failure) throw this.failure;
    return this.report_;
  }

  async modelHistory(project: string, model: string, limit = 50): Promise<ModelHistory> {
    if (this.failure) throw this.failure;
    const found = this.histories.find((h) => h.project === project && h.model === model);
    return { project, model, tasks: (found?.tasks ?? []).slice(0, limit) };
  }
}
