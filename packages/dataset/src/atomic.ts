import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';

// The one atomic-write module of the repository: files (data sets, exports, figures, stage records) and folders
// (saved models, stage outputs, the web export) are written under a temporary name beside their target, in the same
// folder so the final rename never crosses a file system, and appear under their name whole or not at all.

/** Signals that end a run from outside (Ctrl-C, `kill`, a closed terminal). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** What a stop signal must undo, one entry per write in progress (synchronous: the process is about to end). */
const pending = new Set<() => void>();

function onSignal(signal: NodeJS.Signals): void {
  for (const undo of pending) undo();
  pending.clear();
  stopListening();
  // With no other handler left, do what the signal would have done without ours: end the process.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function stopListening(): void {
  for (const s of STOP_SIGNALS) process.off(s, onSignal);
}

/** Runs `body` with `undo` armed against stop signals; one listener per signal however many writes are running. */
async function guarded<T>(undo: () => void, body: () => Promise<T>): Promise<T> {
  if (pending.size === 0) for (const s of STOP_SIGNALS) process.on(s, onSignal);
  pending.add(undo);
  try {
    return await body();
  } finally {
    pending.delete(undo);
    if (pending.size === 0) stopListening();
  }
}

/** `.<name>.<pid>.<random>.tmp` beside `target`: hidden, unique across processes and concurrent writes. */
function tempBeside(target: string): string {
  const unique = `${process.pid}.${randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.${unique}.tmp`);
}

/**
 * Runs `write(tmpPath)` on a temporary file beside `outPath` and renames it into place, so an
 * interrupted or failed run never leaves a half-written file under the final name. A run stopped by
 * SIGINT, SIGTERM or SIGHUP while writing removes the temporary file too, then stops as the signal asks
 * (unless the program has its own handler for it).
 */
export async function writeAtomic(outPath: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  const target = path.resolve(outPath);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempBeside(target);
  await guarded(
    () => rmSync(tmp, { force: true }),
    async () => {
      try {
        await write(tmp);
        await fs.rename(tmp, target);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw err;
      }
    },
  );
}

/** `writeAtomic` of bytes or text. */
export function writeFileAtomic(outPath: string, data: string | Uint8Array): Promise<void> {
  return writeAtomic(outPath, (tmp) => fs.writeFile(tmp, data));
}

/**
 * Runs `fill(tmpDir)` on a fresh temporary folder beside `dir` (created with the user's usual permissions, 0755
 * under umask 022) and swaps it in for `dir` only when `fill` succeeds, so a failed or interrupted run leaves the
 * previous folder, if any, as it was. A stop signal removes the temporary folder, and one arriving between the two
 * renames of the swap puts the previous folder back. Resolves to what `fill` resolves to.
 */
export async function writeDirAtomic<T>(dir: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  const target = path.resolve(dir);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempBeside(target);
  const old = `${tmp}.old`;
  await fs.mkdir(tmp);
  return guarded(
    () => {
      if (!existsSync(target) && existsSync(old)) renameSync(old, target);
      rmSync(tmp, { recursive: true, force: true });
    },
    async () => {
      let result: T;
      try {
        result = await fill(tmp);
      } catch (err) {
        await fs.rm(tmp, { recursive: true, force: true });
        throw err;
      }
      try {
        const hadPrevious = await fs.rename(target, old).then(
          () => true,
          (err: NodeJS.ErrnoException) => {
            if (err.code === 'ENOENT') return false;
            throw err;
          },
        );
        await fs.rename(tmp, target);
        if (hadPrevious) await fs.rm(old, { recursive: true, force: true });
      } catch (err) {
        await fs.rm(tmp, { recursive: true, force: true });
        throw err;
      }
      return result;
    },
  );
}
