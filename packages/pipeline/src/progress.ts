/** Where progress goes: stderr, or a test's sink. */
export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream?: ProgressSink;
  /** Off a terminal: a plain line at every tenth (the default, so Nx logs and CI stay short), or nothing at all. */
  plain?: boolean;
  /** What is counted, after the numbers (`files`); `%` shows a percentage instead of done/total. */
  unit?: string;
  /** At the end: a summary line (the default), or the terminal's line erased and nothing left behind. */
  summary?: boolean;
}

export interface Progress {
  /** `n` more steps done. */
  tick(n?: number): void;
  /** `done` steps done in all, for callers that count themselves. */
  set(done: number): void;
  /** A line of its own above the progress (a skipped file). */
  note(line: string): void;
  done(): void;
}

const REDRAW_MS = 100;

/**
 * The one progress line of the CLI: over `total` steps, one line redrawn in place on a terminal (count, rate,
 * ETA), plain lines off it, a summary at the end. Commands, Nx stages and long predictions all use it.
 */
export function progress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const { stream = process.stderr, plain = true, unit = '', summary = true } = options;
  const tty = stream.isTTY === true;
  const started = performance.now();
  let count = 0;
  let drawn = false;
  let lastDraw = -Infinity;
  let nextPlain = Math.ceil(total / 10);
  const units = unit === '' || unit === '%' ? '' : ` ${unit}`;
  const line = (): string => {
    if (unit === '%') return `${label}: ${Math.round((100 * count) / Math.max(total, 1))}%`;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? count / seconds : 0;
    const eta = rate > 0 ? Math.round((total - count) / rate) : 0;
    return `${label}: ${count}/${total}${units} (${rate.toFixed(1)}/s, eta ${eta} s)`;
  };
  const show = (): void => {
    if (tty) {
      const now = performance.now();
      if (drawn && now - lastDraw < REDRAW_MS && count < total) return;
      lastDraw = now;
      drawn = true;
      stream.write(`\r${line()}\x1b[K`);
    } else if (plain && count >= nextPlain && count < total) {
      stream.write(`${line()}\n`);
      nextPlain = count + Math.ceil(total / 10);
    }
  };
  return {
    tick(n = 1) {
      count += n;
      show();
    },
    set(done) {
      count = done;
      show();
    },
    note(text) {
      stream.write(`${tty && drawn ? '\r\x1b[K' : ''}${label}: ${text}\n`);
      if (tty && drawn) stream.write(`\r${line()}\x1b[K`);
    },
    done() {
      if (!summary) {
        if (tty && drawn) stream.write('\r\x1b[K');
        return;
      }
      if (!tty && !plain) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(`${tty ? '\r' : ''}${label}: ${count}/${total}${units} in ${seconds} s${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
