import type { SkippedFile, Track } from './walk';

/** One labelled clip: a whole file or a region of one, with what it belongs to. */
export interface Clip extends Track {
  /** Seconds into the file where the clip starts (0: its start). */
  start: number;
  /** Seconds into the file where it ends; null: the end of the file. */
  end: number | null;
  /** What must never be split (speaker, instrument, session); '' when not given. */
  group: string;
  /** Predefined fold; '' when not given. */
  fold: string;
  /** A manifest's other columns. */
  metadata: Record<string, string>;
}

export interface ClipList {
  /** Label names, sorted; a clip's `genre` indexes them. */
  genres: string[];
  clips: Clip[];
  /** Entries that are not clips (hidden, not audio, not matching the pattern, missing with `missing: skip`). */
  skipped: SkippedFile[];
  warnings: string[];
}

/** A clip with no group, fold, region or metadata (a file of a folder-per-label tree). */
export const wholeFile = (t: Track): Clip => ({ ...t, start: 0, end: null, group: '', fold: '', metadata: {} });

/** The name rows of a clip carry: its path, and for a region W3C media-fragment time (`a.wav#t=1.5,3`). */
export function clipName(relPath: string, start: number, end: number | null): string {
  if (start === 0 && end === null) return relPath;
  return `${relPath}#t=${start}${end === null ? '' : `,${end}`}`;
}

/** Sorts clips by label, then name, then start, and numbers labels in sorted order: the same on every machine. */
export function finishClips(clips: Omit<Clip, 'genre'>[], labels: string[]): { genres: string[]; clips: Clip[] } {
  const genres = [...new Set(labels)].sort();
  const index = new Map(genres.map((g, i) => [g, i]));
  const out = clips.map((c, i) => ({ ...c, genre: index.get(labels[i]) as number }));
  out.sort((a, b) => a.genre - b.genre || (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : a.start - b.start));
  return { genres, clips: out };
}
