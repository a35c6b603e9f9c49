import { Presets, SingleBar } from 'cli-progress';

/** Progress of a backfill, slot by slot. */
export interface Progress {
  start(totalSlots: number): void;
  update(slotsDone: number, tasksDone: number): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; on anything else (a log file, a Kubernetes Job) one plain line
 * per tenth of the way, so the output stays readable.
 */
export function createProgress(stream: NodeJS.WritableStream): Progress {
  return (stream as { isTTY?: boolean }).isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;

  constructor(stream: NodeJS.WritableStream) {
    this.bar = new SingleBar(
      {
        stream,
        format:
          'backfill [{bar}] {percentage}% | {value}/{total} slots | {tasks} tasks | ETA {eta_formatted}',
        hideCursor: true,
      },
      Presets.shades_classic,
    );
  }

  start(totalSlots: number): void {
    this.bar.start(totalSlots, 0, { tasks: 0 });
  }

  update(slotsDone: number, tasksDone: number): void {
    this.bar.update(slotsDone, { tasks: tasksDone });
  }

  stop(): void {
    this.bar.stop();
  }
}

export class LineProgress implements Progress {
  private total = 0;
  private tenths = -1;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  start(totalSlots: number): void {
    this.total = totalSlots;
    this.update(0, 0);
  }

  update(slotsDone: number, tasksDone: number): void {
    const tenths = this.total === 0 ? 10 : Math.floor((slotsDone * 10) / this.total);
    if (tenths <= this.tenths) return;
    this.tenths = tenths;
    this.stream.write(`backfill: ${tenths * 10}% (${slotsDone}/${this.total} slots, ${tasksDone} tasks)\n`);
  }

  stop(): void {
    // Every line is complete already.
  }
}
