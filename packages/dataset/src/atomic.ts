import { promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';

/** Signals that end a run from outside (Ctrl-C, `kill`, a closed terminal). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `write(tmpPath)` on a temporary file beside `outPath` and renames it into place, so an
 * interrupted or failed run never leaves a half-written file under the final name. A run stopped by
 * SIGINT, SIGTERM or SIGHUP while writing removes the temporary file too, then stops as the signal asks
 * (unless the program has its own handler for it).
 */
export async function writeAtomic(outPath: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  const dir = path.dirname(path.resolve(outPath));
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(outPath)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const stopListening = (): void => {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    rmSync(tmp, { force: true });
    stopListening();
    // With no other handler left, do what the signal would have done without ours: end the process.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    await write(tmp);
    await fs.rename(tmp, outPath);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  } finally {
    stopListening();
  }
}
