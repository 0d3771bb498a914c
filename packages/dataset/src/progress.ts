import { MultiBar, Presets } from 'cli-progress';
import type { ProgressEvent } from './preprocess';

export interface ProgressReporter {
  /** Pass as `preprocess`'s `onProgress`. Failed files are named on the stream with their reason. */
  update(event: ProgressEvent): void;
  /** Always call (the terminal bar keeps a redraw timer running until stopped). */
  stop(): void;
}

const LOG_EVERY_MS = 5000;

/**
 * A progress bar (files done/total, rate, ETA) when `stream` is a terminal; otherwise a plain
 * log line every few seconds and at the end, so CI logs stay readable.
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = performance.now();
  const rate = (done: number): number => done / Math.max((performance.now() - started) / 1000, 1e-3);

  if (stream.isTTY) {
    const bars = new MultiBar(
      {
        stream,
        format: `${label} [{bar}] {value}/{total} files | {rate} files/s | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    let bar: ReturnType<MultiBar['create']> | null = null;
    return {
      update(event) {
        bar ??= bars.create(event.total, 0, { rate: '0.0' });
        bar.update(event.done, { rate: rate(event.done).toFixed(1) });
        if (event.failed) {
          bars.log(`skipped ${event.failed.path}: ${event.failed.reason}\n`);
          bars.update(); // redraws now, printing the line above the bar
        }
      },
      stop: () => bars.stop(),
    };
  }

  let lastLog = started;
  return {
    update(event) {
      if (event.failed) stream.write(`${label}: skipped ${event.failed.path}: ${event.failed.reason}\n`);
      const now = performance.now();
      if (now - lastLog < LOG_EVERY_MS && event.done < event.total) return;
      lastLog = now;
      const r = rate(event.done);
      const eta = r > 0 ? (event.total - event.done) / r : 0;
      stream.write(`${label}: ${event.done}/${event.total} files, ${r.toFixed(1)} files/s, ETA ${eta.toFixed(0)} s\n`);
    },
    stop() {},
  };
}
