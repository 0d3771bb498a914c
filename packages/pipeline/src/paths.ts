import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';

/**
 * Checks of the paths a command reads and writes, made before any work starts (no backend, no decoding, no
 * training), so a typo costs nothing and never throws a result away. Each failure is one line naming the path.
 */

async function statOrNull(p: string): Promise<Stats | null> {
  try {
    return await fs.stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Error(`${p}: cannot read (${code ?? (err as Error).message})`);
  }
}

/** An input that must exist: `PATH: not found`, or the wrong kind named. */
export async function requireInput(p: string, kind: 'file' | 'folder' | 'file or folder'): Promise<void> {
  const stat = await statOrNull(p);
  if (!stat) throw new Error(`${p}: not found`);
  if (kind === 'file' && stat.isDirectory()) throw new Error(`${p}: is a folder, not a file`);
  if (kind === 'folder' && !stat.isDirectory()) throw new Error(`${p}: not a folder`);
}

/** `dir` exists as a writable folder, or can be created: its nearest existing ancestor is a writable folder. */
export async function checkOutputFolder(dir: string): Promise<void> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const stat = await statOrNull(at);
    if (stat) {
      if (!stat.isDirectory()) {
        throw new Error(at === path.resolve(dir) ? `${dir}: exists and is not a folder` : `${dir}: ${at} is a file`);
      }
      await fs.access(at, constants.W_OK).catch(() => {
        throw new Error(`${dir}: ${at} is not writable`);
      });
      return;
    }
    if (path.dirname(at) === at) return;
  }
}

/** A file the command will write: not a folder, and its folder exists writable or can be created. */
export async function checkOutputFile(file: string): Promise<void> {
  if ((await statOrNull(file))?.isDirectory()) throw new Error(`${file}: is a folder; name the file to write`);
  await checkOutputFolder(path.dirname(path.resolve(file)));
}
