import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Runs `write(tmpPath)` on a temporary file beside `outPath` and renames it into place, so an
 * interrupted or failed run never leaves a half-written file under the final name.
 */
export async function writeAtomic(outPath: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  const dir = path.dirname(path.resolve(outPath));
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(outPath)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await write(tmp);
    await fs.rename(tmp, outPath);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
