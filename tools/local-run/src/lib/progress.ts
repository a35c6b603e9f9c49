import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { formatDuration, formatNumber } from './format';
import { finished, type TallySnapshot } from './tally';

/** What the progress lines show, refreshed a few times a second. */
export interface ProgressState {
  tally: TallySnapshot;
  /** Slots enqueued so far, and how many the catch-up covers (an estimate until it is done). */
  slots: number;
  expectedSlots: number;
  /** Tasks finished per second since the first slot was enqueued. */
  rate: number;
  /** Seconds until every enqueued task is finished at that rate; undefined while unknown. */
  etaSeconds: number | undefined;
}

/** The run's terminal output: one live line per phase, or plain lines when stdout is not a terminal. */
export interface Progress {
  /** A phase begins (start, enqueue, execute, report) with a short note. */
  begin(phase: Phase, note: string): void;
  update(state: ProgressState): void;
  /** A phase ends; its line keeps `note`, or its last figures. */
  end(phase: Phase, note?: string): void;
  /** A line above the live ones (a warning). */
  note(text: string): void;
  /** Releases the terminal. */
  stop(): void;
}

export type Phase = 'start' | 'enqueue' | 'execute' | 'report';

/** Picks the live bars on a terminal and plain lines elsewhere (CI logs, pipes, the e2e test). */
export function createProgress(stream: NodeJS.WritableStream): Progress {
  const tty = stream as NodeJS.WriteStream;
  return tty.isTTY ? new TerminalProgress(tty) : new LineProgress(stream);
}

export function enqueueText(state: ProgressState): string {
  return `${state.slots}/${state.expectedSlots} slots · ${state.tally.enqueued} tasks`;
}

export function executeText(state: ProgressState): string {
  const t = state.tally;
  return (
    `${finished(t)}/${t.enqueued} tasks · running ${t.running} · succeeded ${t.succeeded} · ` +
    `skipped ${t.skipped} · dead-lettered ${t.deadLettered} · ${formatNumber(state.rate)} tasks/s · ETA ${eta(state)}`
  );
}

/** The same figures in the width a live line has next to its bar (80 columns in all). */
export function executeTextShort(state: ProgressState): string {
  const t = state.tally;
  return (
    `${finished(t)}/${t.enqueued} · run ${t.running} · ok ${t.succeeded} · skip ${t.skipped} · ` +
    `dlq ${t.deadLettered} · ${formatNumber(state.rate)}/s · ETA ${eta(state)}`
  );
}

function eta(state: ProgressState): string {
  return state.etaSeconds === undefined ? '–' : formatDuration(state.etaSeconds * 1000);
}

/** cli-progress bars, one per phase, redrawn in place. */
class TerminalProgress implements Progress {
  private readonly bars: MultiBar;
  private readonly lines = new Map<Phase, SingleBar>();

  constructor(stream: NodeJS.WriteStream) {
    this.bars = new MultiBar(
      { format: '{phase} {bar} {text}', barsize: 12, hideCursor: true, clearOnComplete: false, stream },
      Presets.shades_classic,
    );
  }

  begin(phase: Phase, note: string): void {
    this.lines.set(phase, this.bars.create(1, 0, { phase: phase.padEnd(7), text: note }));
  }

  update(state: ProgressState): void {
    this.lines.get('enqueue')?.update(state.slots, { text: enqueueText(state) });
    this.lines.get('enqueue')?.setTotal(Math.max(1, state.expectedSlots));
    const execute = this.lines.get('execute');
    execute?.setTotal(Math.max(1, state.tally.enqueued));
    execute?.update(finished(state.tally), { text: executeTextShort(state) });
  }

  end(phase: Phase, note?: string): void {
    const bar = this.lines.get(phase);
    if (!bar || note === undefined) return;
    bar.setTotal(1);
    bar.update(1, { text: note });
  }

  note(text: string): void {
    this.bars.log(`${text}\n`);
  }

  stop(): void {
    this.bars.stop();
  }
}

/** Plain lines: each phase's start and end, and the execute figures at every tenth of the tasks. */
class LineProgress implements Progress {
  private active = new Set<Phase>();
  private reportedTenth = -1;
  private readonly last = new Map<Phase, string>();

  constructor(private readonly stream: NodeJS.WritableStream) {}

  begin(phase: Phase, note: string): void {
    this.active.add(phase);
    this.write(phase, note);
  }

  update(state: ProgressState): void {
    if (!this.active.has('execute') || state.tally.enqueued === 0) return;
    const tenth = Math.floor((10 * finished(state.tally)) / state.tally.enqueued);
    if (tenth > this.reportedTenth) {
      this.reportedTenth = tenth;
      this.write('execute', executeText(state));
    }
  }

  end(phase: Phase, note?: string): void {
    this.active.delete(phase);
    if (note !== undefined) this.write(phase, note);
  }

  note(text: string): void {
    this.stream.write(`${text}\n`);
  }

  stop(): void {
    this.active.clear();
  }

  private write(phase: Phase, text: string): void {
    // The end of a phase often repeats its last update: one line is enough.
    if (this.last.get(phase) === text) return;
    this.last.set(phase, text);
    this.stream.write(`${phase.padEnd(7)} ${text}\n`);
  }
}
