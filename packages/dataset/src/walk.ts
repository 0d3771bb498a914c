import { type Dirent, promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Extensions `@audio-dl/dsp` decodes (`.au` is GTZAN's original); anything else is skipped as "not audio". */
export const AUDIO_EXTENSIONS: readonly string[] = ['.wav', '.wave', '.au', '.mp3', '.flac', '.ogg', '.oga'];

export interface WalkOptions {
  /** A folder inside a genre folder: `error` (default) stops, `parent` labels its files by the top folder. */
  nested?: 'error' | 'parent';
}

export interface Track {
  /** Absolute path. */
  path: string;
  /** Path relative to ROOT with `/` separators (stable across machines). */
  relPath: string;
  /** Index into `genres`. */
  genre: number;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface WalkResult {
  genres: string[];
  tracks: Track[];
  skipped: SkippedFile[];
  warnings: string[];
}

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

// `.DS_Store`, `._blues.00000.wav` (macOS resource forks in the GTZAN archive), `.git`, and zip's `__MACOSX`.
const isHidden = (name: string): boolean => name.startsWith('.') || name === '__MACOSX';

async function readSorted(dir: string): Promise<Dirent[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries.sort(byName);
}

async function kind(dir: string, entry: Dirent): Promise<'dir' | 'file' | 'other'> {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (entry.isSymbolicLink()) {
    const stat = await fs.stat(path.join(dir, entry.name)).catch(() => null);
    if (stat?.isDirectory()) return 'dir';
    if (stat?.isFile()) return 'file';
  }
  return 'other';
}

/**
 * Lists a GTZAN-style tree `ROOT/<genre>/<track>`: each immediate sub-folder is a genre, genres and
 * files sorted by name so labels are the same on every machine (the course's `os.walk` order is not).
 */
export async function walkTree(root: string, opts: WalkOptions = {}): Promise<WalkResult> {
  const nested = opts.nested ?? 'error';
  const absRoot = path.resolve(root);
  const rootStat = await fs.stat(absRoot).catch(() => null);
  if (!rootStat) throw new Error(`${root}: not found`);
  if (!rootStat.isDirectory()) throw new Error(`${root}: not a folder`);

  const genres: string[] = [];
  const tracks: Track[] = [];
  const skipped: SkippedFile[] = [];
  const warnings: string[] = [];
  let looseAudio = 0;

  for (const entry of await readSorted(absRoot)) {
    const entryKind = await kind(absRoot, entry);
    if (entryKind === 'file') {
      // README, licence and the like: not tracks. Audio here usually means ROOT is one genre folder.
      if (AUDIO_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) looseAudio++;
      continue;
    }
    if (entryKind !== 'dir' || isHidden(entry.name)) continue;
    const genre = genres.length;
    const before = tracks.length;
    await collect(path.join(absRoot, entry.name), entry.name, genre);
    genres.push(entry.name);
    if (tracks.length === before) warnings.push(`label folder "${entry.name}" has no audio files`);
  }

  if (genres.length === 0) {
    const hint =
      looseAudio > 0 ? ` (it holds ${looseAudio} audio files directly: point ROOT at their parent folder)` : '';
    throw new Error(`${root}: no label folders found; expected ROOT/<label>/<clip>${hint}`);
  }
  return { genres, tracks, skipped, warnings };

  async function collect(dir: string, rel: string, genre: number): Promise<void> {
    for (const entry of await readSorted(dir)) {
      const abs = path.join(dir, entry.name);
      const relPath = `${rel}/${entry.name}`;
      if (isHidden(entry.name)) {
        skipped.push({ path: relPath, reason: 'hidden' });
        continue;
      }
      const entryKind = await kind(dir, entry);
      if (entryKind === 'dir') {
        if (nested === 'error') {
          throw new Error(
            `${path.join(root, relPath)}: nested folder inside label folder "${relPath.split('/')[0]}"; ` +
              'keep ROOT/<label>/<clip> (a nested folder would mislabel its tracks, §09.3) or pass --nested parent',
          );
        }
        await collect(abs, relPath, genre);
      } else if (entryKind === 'file' && AUDIO_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
        tracks.push({ path: abs, relPath, genre });
      } else {
        skipped.push({ path: relPath, reason: entryKind === 'file' ? 'not audio' : 'not a regular file' });
      }
    }
  }
}
