import type { Logs, TrainingCallback } from './callback';

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

const BAR = 20;

function formatLogs(logs: Logs): string {
  // Keras 3 lists metrics alphabetically within train and validation groups.
  const keys = Object.keys(logs).sort(
    (a, b) => Number(a.startsWith('val_')) - Number(b.startsWith('val_')) || a.localeCompare(b),
  );
  return keys.map((k) => ` - ${k}: ${logs[k].toFixed(4)}`).join('');
}

function formatTime(seconds: number, steps: number): string {
  const perStep = (1000 * seconds) / Math.max(1, steps);
  return `${Math.round(seconds)}s ${perStep < 1 ? `${Math.round(perStep * 1000)}us` : `${Math.round(perStep)}ms`}/step`;
}

/**
 * Keras-style training progress. On a terminal: `Epoch i/N`, then a batch progress bar redrawn in
 * place with the running loss and accuracy, finished with the validation figures and time; elsewhere
 * (a pipe, a log file) one plain line per epoch.
 */
export class KerasProgress implements TrainingCallback {
  private lastDraw = 0;

  constructor(
    private readonly sink: ProgressSink,
    private readonly epochs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  onEpochBegin(epoch: number): void {
    if (this.sink.isTTY) this.sink.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
    this.lastDraw = 0;
  }

  onBatchEnd(batch: number, batches: number, logs: Logs, elapsedSeconds: number): void {
    if (!this.sink.isTTY) return;
    const t = this.now();
    // Redraw at most ~10 times a second: writing to the terminal must not slow training.
    if (batch + 1 < batches && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    const done = Math.round((BAR * (batch + 1)) / batches);
    const eta = (elapsedSeconds / (batch + 1)) * (batches - batch - 1);
    const width = String(batches).length;
    this.sink.write(
      `\r\x1b[K${String(batch + 1).padStart(width)}/${batches} ${'━'.repeat(done)}${'─'.repeat(BAR - done)} ${Math.round(eta)}s${formatLogs(logs)}`,
    );
  }

  onEpochEnd(epoch: number, batches: number, logs: Logs, elapsedSeconds: number): void {
    const width = String(batches).length;
    const line = `${String(batches).padStart(width)}/${batches} ${'━'.repeat(BAR)} ${formatTime(elapsedSeconds, batches)}${formatLogs(logs)}`;
    if (this.sink.isTTY) this.sink.write(`\r\x1b[K${line}\n`);
    else this.sink.write(`Epoch ${epoch + 1}/${this.epochs} - ${line}\n`);
  }

  message(text: string): void {
    this.sink.write(`${text}\n`);
  }
}
