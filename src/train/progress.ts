/** Where a progress bar writes: `process.stderr`, or anything with `write` (tests pass a fake). */
export interface ProgressStream {
  /** Writes text (process.stdout or process.stderr qualify). */
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** A progress bar's total, the stream it draws on, and how often it draws there. */
export interface ProgressOptions {
  /** Total number of steps. */
  readonly total: number;
  /** Default `process.stderr`. */
  readonly stream?: ProgressStream;
  /** Overrides `stream.isTTY`: true → redraw one line with `\r`; false → a plain line every `every` steps. */
  readonly tty?: boolean;
  /** Non-TTY: print every k-th step (and the last). Default 10. */
  readonly every?: number;
  /** Prefix, e.g. "epoch 3". */
  readonly label?: string;
  /** Width of the bar in characters (TTY only). Default 24. */
  readonly barWidth?: number;
  /** Clock in milliseconds (default `performance.now`); injectable for tests. */
  readonly now?: () => number;
}

/** What one update of a progress bar shows. */
export interface ProgressUpdate {
  /** Latest loss, shown with 4 significant digits. */
  readonly loss?: number;
  /** Items processed in this step (e.g. the batch size), for the throughput. Default 1. */
  readonly items?: number;
}

/** A progress bar drawn in place on a stream. */
export interface ProgressBar {
  /** Steps completed so far. */
  readonly step: number;
  /** Marks one step done and redraws / prints as configured. */
  tick(update?: ProgressUpdate): void;
  /** Ends the line (TTY) so later output starts on a fresh line. */
  done(): void;
  /** The status text for the current step, without `\r` or newline. */
  render(): string;
}

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/**
 * A terminal progress bar: `label [#####-----] 12/100 loss 0.1234 512.0 items/s ETA 0:42`.
 * On a TTY each tick rewrites the line after `\r`; elsewhere (CI logs, files) it prints a full line every
 * `every` steps and at the last step.
 */
export function progressBar(options: ProgressOptions): ProgressBar {
  const { total, label, every = 10, barWidth = 24 } = options;
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`progressBar: total must be an integer ≥ 0, got ${total}`);
  if (!Number.isSafeInteger(every) || every < 1) throw new RangeError(`progressBar: every must be an integer ≥ 1, got ${every}`);
  const stream: ProgressStream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const start = now();
  let step = 0;
  let items = 0;
  let loss: number | undefined;
  let open = false;

  const render = (): string => {
    const elapsed = (now() - start) / 1000;
    const rate = elapsed > 0 ? items / elapsed : 0;
    const eta = step > 0 ? (elapsed / step) * (total - step) : NaN;
    const parts: string[] = [];
    if (label !== undefined) parts.push(label);
    if (tty) {
      const filled = total > 0 ? Math.round((Math.min(step, total) / total) * barWidth) : barWidth;
      parts.push(`[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`);
    }
    parts.push(`${step}/${total}`);
    if (loss !== undefined) parts.push(`loss ${formatLoss(loss)}`);
    parts.push(`${rate.toFixed(1)} items/s`);
    parts.push(step >= total ? `elapsed ${formatDuration(elapsed)}` : `ETA ${formatDuration(eta)}`);
    return parts.join(" ");
  };

  return {
    get step() {
      return step;
    },
    render,
    tick(update: ProgressUpdate = {}): void {
      step++;
      items += update.items ?? 1;
      if (update.loss !== undefined) loss = update.loss;
      if (tty) {
        stream.write(`\r${render()}\x1b[K`);
        open = true;
      } else if (step % every === 0 || step === total) {
        stream.write(`${render()}\n`);
      }
    },
    done(): void {
      if (open) stream.write("\n");
      open = false;
    },
  };
}

function formatLoss(x: number): string {
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(3);
}
