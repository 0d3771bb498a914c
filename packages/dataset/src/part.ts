import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { openArrowPart } from './arrow';
import { openParquetPart } from './parquet';
import type { Part } from './part-reader';
import { shardSchema } from './shard';

const ARROW_MAGIC = 'ARROW1';
const PARQUET_MAGIC = 'PAR1';

/** What a file is, from its first bytes. */
export async function sniff(file: string): Promise<'arrow' | 'parquet' | 'json' | 'other'> {
  const handle = await fs.open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${file}: cannot read (${err.code ?? err.message})`);
  });
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('latin1');
    if (text.startsWith(ARROW_MAGIC)) return 'arrow';
    if (text.startsWith(PARQUET_MAGIC)) return 'parquet';
    return text.trimStart().startsWith('{') ? 'json' : 'other';
  } finally {
    await handle.close();
  }
}

/** Opens an Arrow or Parquet data file for streaming. */
export async function openPart(file: string): Promise<Part> {
  const kind = await sniff(file);
  if (kind === 'arrow') return openArrowPart(file);
  if (kind === 'parquet') return openParquetPart(file);
  throw new Error(`${file}: not an Arrow IPC or Parquet file`);
}

/** The data files of a folder of parts: `*.parquet` and `*.arrow`, not hidden (temporary files are). */
export async function listParts(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.') && /\.(parquet|arrow)$/i.test(e.name) && !e.isDirectory())
    .map((e) => e.name)
    // part-2 before part-10: Spark's zero-padded names and ours sort the same.
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (names.length === 0) throw new Error(`${dir}: a folder with no .parquet or .arrow parts`);
  return names.map((n) => path.join(dir, n));
}

const recordedShard = z.object({ shard: shardSchema }).loose();

/**
 * Puts the parts of a folder in data set order and checks they make one data set: the same format, params, mapping
 * and sample shape everywhere; parts written by `preprocess --shard K/N` must be shards 0…N−1 of one N, each once.
 */
export function orderParts(dir: string, parts: Part[]): Part[] {
  const first = parts[0];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const p of parts.slice(1)) {
    const name = path.basename(p.file);
    const h = p.header;
    const differs = (what: string, a: unknown, b: unknown): Error =>
      new Error(
        `${dir}: ${name} has ${what} ${JSON.stringify(b)}, ${path.basename(first.file)} has ${JSON.stringify(a)}; parts of one data set must agree`,
      );
    if (!same(h.mapping, first.header.mapping)) throw differs('label mapping', first.header.mapping, h.mapping);
    if (!same(h.params, first.header.params)) throw differs('params', first.header.params, h.params);
    if (!same(h.sample, first.header.sample)) throw differs('sample shape', first.header.sample, h.sample);
  }
  const shards = parts.map((p) => recordedShard.safeParse(p.header.meta));
  if (shards.every((s) => !s.success)) return parts;
  const missing = parts.filter((_, i) => !shards[i].success).map((p) => path.basename(p.file));
  if (missing.length > 0) {
    throw new Error(
      `${dir}: ${missing.join(', ')} not written as a shard, unlike the other parts; keep one run's parts`,
    );
  }
  const recorded = shards.map((s) => (s.success ? s.data.shard : { index: -1, count: -1 }));
  const count = recorded[0].count;
  const byIndex = new Array<Part | undefined>(count);
  parts.forEach((p, i) => {
    const { index, count: n } = recorded[i];
    if (n !== count) {
      throw new Error(
        `${dir}: ${path.basename(p.file)} is shard ${index}/${n}, ${path.basename(parts[0].file)} is one of ${count}`,
      );
    }
    const other = byIndex[index];
    if (other) {
      throw new Error(`${dir}: ${path.basename(other.file)} and ${path.basename(p.file)} are both shard ${index}/${n}`);
    }
    byIndex[index] = p;
  });
  const absent = [...byIndex.keys()].filter((k) => !byIndex[k]);
  if (absent.length > 0) {
    throw new Error(
      `${dir}: shard(s) ${absent.map((k) => `${k}/${count}`).join(', ')} missing; the data set is incomplete`,
    );
  }
  return byIndex as Part[];
}

/**
 * One `meta` for a folder: counts add up, lists are joined without repeats (every shard records the tree's
 * skipped entries and warnings), other values are kept when all parts agree; `shard` gives way to `parts`.
 */
export function mergeMeta(metas: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...new Set(metas.flatMap((m) => Object.keys(m)))].filter((k) => k !== 'shard');
  for (const key of keys) {
    const values = metas.map((m) => m[key]).filter((v) => v !== undefined);
    if (values.every((v) => typeof v === 'number')) out[key] = values.reduce((a, b) => a + b, 0);
    else if (values.every(Array.isArray)) {
      const unique = new Map(values.flat().map((v) => [JSON.stringify(v), v]));
      out[key] = [...unique.values()];
    } else if (values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]))) out[key] = values[0];
    else out[key] = values;
  }
  out.parts = metas.length;
  return out;
}
