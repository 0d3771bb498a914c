import { promises as fs } from 'node:fs';
import { writeAtomic } from './atomic';
import { checkDataset, type Dataset, rowColumnsOf } from './dataset';

export interface JsonWriteOptions {
  /** Spaces per level, as Python's `json.dump(indent=…)`; 4 reproduces the course's file. Default: compact. */
  indent?: number;
}

/** A float as Python's `repr` writes it (`1.0`, `1e-05`, `-0.0`), so `indent: 4` output matches `json.dump`. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`${x} cannot be written to JSON`);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mantissa, exp] = x.toExponential().split('e');
    const sign = exp[0] === '-' ? '-' : '+';
    return `${mantissa}e${sign}${exp.slice(1).padStart(2, '0')}`;
  }
  if (Number.isInteger(x)) return Object.is(x, -0) ? '-0.0' : `${x}.0`;
  return String(x);
}

// Python's default ensure_ascii: every non-ASCII UTF-16 unit becomes \uXXXX.
const pyString = (s: string): string =>
  JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Python `json.dumps` of a small value (strings, integers, lists, objects) at nesting `level`. */
function pyValue(value: unknown, indent: number, level: number): string {
  const nl = (l: number): string => (indent > 0 ? `\n${' '.repeat(indent * l)}` : '');
  const sep = indent > 0 ? ': ' : ':';
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pyString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloat(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>, (v) => pyValue(v, indent, level + 1));
    if (items.length === 0) return '[]';
    return `[${nl(level + 1)}${items.join(`,${nl(level + 1)}`)}${nl(level)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `${pyString(k)}${sep}${pyValue(v, indent, level + 1)}`,
  );
  if (entries.length === 0) return '{}';
  return `{${nl(level + 1)}${entries.join(`,${nl(level + 1)}`)}${nl(level)}}`;
}

const FLUSH_CHARS = 1 << 20;

/**
 * Writes `data` as the course's `{ "mapping", "labels", "mfcc" }` JSON (§09.2), then `tracks`, `segments`,
 * `params` and `meta`. Streamed in ~1 MB pieces: GTZAN at 10 segments is ~17 million numbers, more than
 * one JavaScript string holds. Written to a temporary file and renamed.
 */
export async function writeDatasetJson(outPath: string, data: Dataset, opts: JsonWriteOptions = {}): Promise<void> {
  checkDataset(data, outPath);
  const indent = opts.indent ?? 0;
  const nl = (l: number): string => (indent > 0 ? `\n${' '.repeat(indent * l)}` : '');
  const sep = indent > 0 ? ': ' : ':';
  const [n, frames, nMfcc] = data.shape;

  await writeAtomic(outPath, async (tmp) => {
    const file = await fs.open(tmp, 'w');
    try {
      let pending: string[] = [];
      let size = 0;
      const push = async (s: string): Promise<void> => {
        pending.push(s);
        size += s.length;
        if (size >= FLUSH_CHARS) await flush();
      };
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return;
        await file.write(pending.join(''));
        pending = [];
        size = 0;
      };
      const key = (name: string, value: string, last = false): Promise<void> =>
        push(`${nl(1)}${pyString(name)}${sep}${value}${last ? nl(0) : ','}`);

      await push('{');
      await key('mapping', pyValue(data.mapping, indent, 1));
      await key('labels', pyValue(data.labels, indent, 1));
      await push(`${nl(1)}"mfcc"${sep}${n === 0 ? '[]' : '['}`);
      const row = new Array<string>(nMfcc);
      const vectors = new Array<string>(frames);
      for (let i = 0; i < n; i++) {
        const base = i * frames * nMfcc;
        for (let t = 0; t < frames; t++) {
          for (let c = 0; c < nMfcc; c++) row[c] = pyFloat(data.features[base + t * nMfcc + c]);
          vectors[t] = `[${nl(4)}${row.join(`,${nl(4)}`)}${nl(3)}]`;
        }
        await push(`${i > 0 ? ',' : ''}${nl(2)}[${nl(3)}${vectors.join(`,${nl(3)}`)}${nl(2)}]`);
      }
      await push(n === 0 ? ',' : `${nl(1)}],`);
      await key('tracks', pyValue(data.tracks, indent, 1));
      await key('segments', pyValue(data.segments, indent, 1));
      // The clip each row came from (group, fold, region, other manifest columns); "unknown" when absent.
      const c = rowColumnsOf(data);
      await key('groups', pyValue(c.group.values, indent, 1));
      await key('folds', pyValue(c.fold.values, indent, 1));
      await key('starts', pyValue(c.start.values, indent, 1));
      await key('ends', pyValue(c.end.values, indent, 1));
      await key('metadata', pyValue(c.metadata.values, indent, 1));
      await key('params', pyValue(data.params, indent, 1));
      await key('meta', pyValue(data.meta, indent, 1), true);
      await push('}');
      await flush();
    } finally {
      await file.close();
    }
  });
}
