import { createTask } from '@latigo/task-queue';
import {
  FakeCatalog,
  FakePredictor,
  FakeRecorder,
  FakeSensors,
  FakeStore,
  modelMetadata,
} from '../testing/fakes.test-helpers';
import { PredictionPipeline, type Stage } from './prediction-pipeline';
import { TaskSkip } from './task-skip';

const at = (hhmm: string) => new Date(`2024-01-08T${hhmm}:00Z`);
/** One point a minute over [from, to], valued minutes since midnight (+ `shift`). */
function minutes(from: string, to: string, shift = 0) {
  const times: number[] = [];
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += 60_000) times.push(t);
  return { times, values: times.map((t) => (t % 86_400_000) / 60_000 + shift) };
}
const task = (model = 'm', revision?: string) =>
  createTask({
    projectName: 'latigo-test',
    modelName: model,
    fromTime: at('07:00'),
    toTime: at('07:30'),
    ...(revision ? { revision } : {}),
  });

function setUp(
  options: { offset?: number; rowFilter?: string[]; series?: Map<string, ReturnType<typeof minutes>> } = {},
) {
  const metadata = modelMetadata({
    name: 'm',
    inputs: ['a', 'b'],
    targets: ['a'],
    offset: options.offset ?? 0,
    ...(options.rowFilter ? { rowFilter: options.rowFilter } : {}),
  });
  const catalog = new FakeCatalog({ m: metadata });
  const sensors = new FakeSensors(
    options.series ??
      new Map([
        ['a', minutes('05:00', '08:00')],
        ['b', minutes('05:00', '08:00', 1000)],
      ]),
  );
  const predictor = new FakePredictor(['a'], options.offset ?? 0);
  const store = new FakeStore();
  const recorder = new FakeRecorder();
  const stages: Stage[] = [];
  const pipeline = new PredictionPipeline({
    catalog,
    sensors,
    predictor,
    store,
    recorder,
    observeStage: (stage, run) => {
      stages.push(stage);
      return run();
    },
  });
  return { pipeline, catalog, sensors, predictor, store, recorder, stages };
}

const run = (pipeline: PredictionPipeline, t = task()) => pipeline.run(t, new AbortController().signal);
const skipOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskSkip);
  return error as TaskSkip;
};

describe('PredictionPipeline', () => {
  it('reads the window extended back by (model offset + 5) × resolution and stores only the rows of [from, to)', async () => {
    const { pipeline, sensors, predictor, store } = setUp({ offset: 2 });
    const report = await run(pipeline);

    // 07:00 − (2 + 5) × 10 min = 05:50; the end is the task's end.
    expect(sensors.reads).toEqual([{ from: at('05:50'), to: at('07:30') }]);
    // Gordo gets the buckets 05:50 … 07:20; the 07:30 bucket belongs to the next window.
    const X = predictor.inputs[0];
    expect(new Date(X?.index[0] as number)).toEqual(at('05:50'));
    expect(new Date(X?.index[(X?.index.length ?? 0) - 1] as number)).toEqual(at('07:20'));
    // 07:00 is the mean of minutes 420 … 429; the model doubles it.
    expect(store.series('a|m|model-output')).toEqual([
      ['2024-01-08T07:00:00.000Z', 849],
      ['2024-01-08T07:10:00.000Z', 869],
      ['2024-01-08T07:20:00.000Z', 889],
    ]);
    expect(store.series('1903.INDICATOR|m|total-anomaly-scaled').map(([t]) => t)).toEqual([
      '2024-01-08T07:00:00.000Z',
      '2024-01-08T07:10:00.000Z',
      '2024-01-08T07:20:00.000Z',
    ]);
    expect([...store.ids.keys()]).not.toContain('a|m|model-input');
    expect(report).toMatchObject({
      revision: '2',
      facility: '1903',
      inputRows: 10,
      storedRows: 3,
      series: 2,
      points: 6,
    });
  });

  it('records the run in the metadata API: input tags with their series, outputs derived or aggregated', async () => {
    const { pipeline, recorder } = setUp();
    await run(pipeline);
    expect(recorder.records).toEqual([
      {
        projectName: 'latigo-test',
        modelName: 'm',
        revision: '2',
        fromTime: at('07:00'),
        toTime: at('07:30'),
        trainingTimeFrom: new Date('2020-01-01T00:00:00Z'),
        trainingTimeTo: new Date('2020-01-03T00:00:00Z'),
        inputTags: [
          { name: 'a', timeSeriesId: 'id:a' },
          { name: 'b', timeSeriesId: 'id:b' },
        ],
        outputTags: [
          {
            name: 'a|m|model-output',
            timeSeriesId: '1903/a|m|model-output',
            type: 'derived',
            derivedFrom: 'a',
            description: 'Gordo model-output - a',
          },
          {
            name: '1903.INDICATOR|m|total-anomaly-scaled',
            timeSeriesId: '1903/1903.INDICATOR|m|total-anomaly-scaled',
            type: 'aggregated',
            derivedFrom: '',
            description: 'Gordo total-anomaly-scaled - ',
          },
        ],
      },
    ]);
  });

  it('runs the stages in order', async () => {
    const { pipeline, stages } = setUp();
    await run(pipeline);
    expect(stages).toEqual([
      'model',
      'resolve_tags',
      'read',
      'resample',
      'predict',
      'output_series',
      'write',
      'metadata',
    ]);
  });

  it('stores identical data when the same task runs twice', async () => {
    const { pipeline, store } = setUp();
    await run(pipeline);
    const first = store.series('a|m|model-output');
    await run(pipeline);
    expect(store.series('a|m|model-output')).toEqual(first);
  });

  it('honours the row filter, reading the tags it names', async () => {
    const { pipeline, store } = setUp({ rowFilter: ['a < 425'] });
    await run(pipeline);
    expect(store.series('a|m|model-output')).toEqual([['2024-01-08T07:00:00.000Z', 849]]);
  });

  it('asks for the current revision once when the cached one was deleted, and predicts with it', async () => {
    const { pipeline, catalog } = setUp();
    catalog.cachedLatest = '1';
    catalog.gone.add('1');
    expect((await run(pipeline)).revision).toBe('2');
    expect(catalog.revisionCalls.map((c) => c.fresh)).toEqual([false, true]);
  });

  it.each([
    [
      'the revision the scheduler pinned is gone (410)',
      (s: ReturnType<typeof setUp>) => s.catalog.gone.add('7'),
      task('m', '7'),
      'EXECUTOR_MODEL_GONE',
    ],
    ['the model is not in the revision (404)', () => undefined, task('gone-model'), 'EXECUTOR_MODEL_GONE'],
    ['the row filter calls a function', () => undefined, undefined, 'EXECUTOR_UNSUPPORTED_MODEL'],
  ])('skips when %s', async (_, arrange, t, code) => {
    const setup = setUp(code === 'EXECUTOR_UNSUPPORTED_MODEL' ? { rowFilter: ['abs(a) > 1'] } : {});
    arrange(setup);
    expect((await skipOf(run(setup.pipeline, t))).code).toBe(code);
  });

  it.each([
    ['the first tag has no series', new Map([['b', minutes('05:00', '08:00')]]), 'no series is named a'],
    [
      'a tag has no series',
      new Map([['a', minutes('05:00', '08:00')]]),
      'no series for tag b in facility 1903',
    ],
    [
      'a tag has no data in the window',
      new Map([
        ['a', minutes('05:00', '08:00')],
        ['b', minutes('09:00', '10:00')],
      ]),
      'no data in the window for tag b',
    ],
  ])('skips with no_data when %s', async (_, series, reason) => {
    const skip = await skipOf(run(setUp({ series }).pipeline));
    expect(skip.code).toBe('EXECUTOR_NO_DATA');
    expect(skip.label).toBe('no_data');
    expect(skip.message).toContain(reason);
  });

  it('skips with nothing_to_predict when the data ends before the window, without asking Gordo', async () => {
    const setup = setUp({
      series: new Map([
        ['a', minutes('05:50', '06:20')],
        ['b', minutes('05:50', '06:20')],
      ]),
    });
    // With ffill limited to one bucket, the last complete row is 06:30.
    const metadata = modelMetadata({ name: 'm', inputs: ['a', 'b'], targets: ['a'] });
    const shortFill = {
      ...metadata,
      dataset: {
        ...metadata.dataset,
        interpolation: { method: 'ffill', limit: { text: '10T', ms: 600_000 } },
      },
    };
    const pipeline = new PredictionPipeline({ ...setup, catalog: new FakeCatalog({ m: shortFill }) });
    const skip = await skipOf(run(pipeline));
    expect(skip.code).toBe('EXECUTOR_NOTHING_TO_PREDICT');
    expect(setup.predictor.inputs).toHaveLength(0);
  });

  it('stops between stages once the signal is aborted', async () => {
    const { pipeline, store } = setUp();
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    await expect(pipeline.run(task(), controller.signal)).rejects.toThrow('deadline');
    expect(store.points.size).toBe(0);
  });
});
