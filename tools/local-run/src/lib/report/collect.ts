import type { SeriesRecord, TimeseriesEmulator } from '@latigo/emulators';

/** A point of a plot: epoch ms and value. */
export type Point = [number, number];

/** An injected anomaly episode, as the emulator placed it. */
export interface EpisodeMark {
  id: string;
  start: number;
  end: number;
  kind: string;
  tags: string[];
}

/** One input tag of a model: what was measured and what the model made of it. */
export interface TagPlot {
  tag: string;
  unit: string;
  input: Point[];
  output: Point[];
  episodes: EpisodeMark[];
}

/** Everything the report plots for one model, read back from the Timeseries emulator's store. */
export interface ModelPlot {
  project: string;
  model: string;
  /** The first tags (by name) of the model; `tagCount` says how many it has. */
  tags: TagPlot[];
  tagCount: number;
  /** `total-anomaly-scaled` as the executor stored it. */
  score: Point[];
  /** The aggregate threshold, when the model has one (stored score / stored confidence). */
  threshold: number | undefined;
  /** The episodes of all the model's tags. */
  episodes: EpisodeMark[];
}

/**
 * Reads what the executors wrote back (`{tag}|{model}|model-output`, `…|total-anomaly-scaled`,
 * `…|total-anomaly-confidence`) and the input signals, over the run's windows `[from, to)`, with
 * the anomaly episodes the emulator injected into each input tag.
 */
export function collectModelPlots(
  timeseries: TimeseriesEmulator,
  models: readonly { project: string; model: string }[],
  range: { from: number; to: number },
  maxTags = 6,
): ModelPlot[] {
  const byName = new Map<string, SeriesRecord[]>();
  for (const record of timeseries.store.all())
    byName.set(record.name, [...(byName.get(record.name) ?? []), record]);
  const points = (record: SeriesRecord | undefined): Point[] =>
    record
      ? [...timeseries.store.iterate(record.id, { from: range.from * 1000, to: range.to * 1000 })].map(
          (p) => [Math.round(p.t / 1000), p.value],
        )
      : [];
  const named = (suffix: string) =>
    [...byName.entries()].filter(([name]) => name.endsWith(suffix)).flatMap(([, records]) => records);

  return models.map(({ project, model }) => {
    const suffix = `|${model}|model-output`;
    // A panel per tag stays readable up to a handful; wide models show their first tags.
    const outputs = named(suffix).sort((a, b) => a.name.localeCompare(b.name));
    const tags = outputs.slice(0, maxTags).map((output): TagPlot => {
      const tag = output.name.slice(0, -suffix.length);
      const input = timeseries.syntheticSeries(tag) ?? byName.get(tag)?.[0];
      return {
        tag,
        unit: input?.unit ?? output.unit ?? '',
        input: points(input),
        output: points(output),
        episodes: timeseries.anomalyEpisodes(tag, range.from, range.to).map((e) => ({
          id: e.id,
          start: e.start.getTime(),
          end: e.end.getTime(),
          kind: e.kind,
          tags: e.tags,
        })),
      };
    });
    const score = points(named(`|${model}|total-anomaly-scaled`)[0]);
    const confidence = points(named(`|${model}|total-anomaly-confidence`)[0]);
    return {
      project,
      model,
      tags,
      tagCount: outputs.length,
      score,
      threshold: thresholdOf(score, confidence),
      episodes: mergeEpisodes(tags),
    };
  });
}

/** Gordo's confidence is the score over the threshold, so their ratio gives the threshold back. */
export function thresholdOf(score: readonly Point[], confidence: readonly Point[]): number | undefined {
  const scoreAt = new Map(score.map(([t, v]) => [t, v]));
  const ratios = confidence
    .filter(([t, c]) => c > 0 && (scoreAt.get(t) ?? 0) > 0)
    .map(([t, c]) => (scoreAt.get(t) as number) / c)
    .sort((a, b) => a - b);
  return ratios.length ? ratios[Math.floor(ratios.length / 2)] : undefined;
}

function mergeEpisodes(tags: readonly TagPlot[]): EpisodeMark[] {
  const merged = new Map<string, EpisodeMark>();
  for (const tag of tags) {
    for (const e of tag.episodes) {
      const seen = merged.get(e.id);
      merged.set(e.id, seen ? { ...seen, tags: [...seen.tags, ...e.tags] } : { ...e, tags: [...e.tags] });
    }
  }
  return [...merged.values()].sort((a, b) => a.start - b.start);
}
