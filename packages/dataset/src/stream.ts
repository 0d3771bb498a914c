import { promises as fs } from 'node:fs';
import {
  type Dataset,
  type RowColumns,
  type RowFields,
  rowColumnsOf,
  rowFieldsOf,
  setRowValues,
  sliceRowValues,
} from './dataset';
import { parseDatasetJsonBytes } from './json-read';
import { listParts, mergeMeta, openPart, orderParts, sniff } from './part';
import type { Part } from './part-reader';
import { type ColumnBatch, type DatasetHeader, headerOf } from './table';

/** A chunk of a data set: one record batch or row group of one file, the unit a stream holds at once. */
export interface DatasetChunk {
  file: string;
  /** The chunk's index in its file. */
  index: number;
  /** Its first row in the whole data set. */
  start: number;
  rows: number;
}

/** What a data set holds, without its features: `scanDataset`'s answer. */
export interface DatasetScan extends RowFields {
  mapping: string[];
  labels: Int32Array;
  /** [rows, frames, bands]. */
  shape: [number, number, number];
  params: Dataset['params'];
  meta: Record<string, unknown>;
  /** Every chunk in data set order; pass some of them, in any order, to `streamDataset`. */
  chunks: DatasetChunk[];
}

/** Rows of a data set as `streamDataset` hands them out. */
export interface DatasetBatch extends RowFields {
  /** Each row's index in the whole data set (rows of the scan's `labels`, `tracks`…). */
  rows: Int32Array;
  labels: Int32Array;
  /** Row-major [k, frames, bands]. */
  features: Float32Array;
  shape: [number, number, number];
}

export interface StreamOptions {
  /** Rows per batch (the last one may hold fewer); default 1024. */
  batchRows?: number;
  /** The chunks to read, in this order (from `scanDataset`); default every chunk in data set order. */
  chunks?: readonly DatasetChunk[];
  /**
   * Hand out only the rows whose entry here is non-zero (indexed by row in the whole data set, e.g. the training
   * part of a split); the others are skipped as they are read, never copied into a batch. Default: every row.
   */
  keep?: Uint8Array;
}

/** A data set opened for streaming: its parts in order, and what they say together. */
interface Source {
  header: DatasetHeader;
  parts: Part[];
  chunks: DatasetChunk[];
  close(): Promise<void>;
}

/** An in-memory data set (read from JSON, which cannot be streamed) seen as one part of one chunk. */
function memoryPart(file: string, data: Dataset): Part {
  const [n, frames, bands] = data.shape;
  const size = frames * bands;
  const columns = rowColumnsOf(data);
  return {
    file,
    header: headerOf(data),
    chunkRows: [n],
    async *read(_index, { features, batchRows }) {
      for (let start = 0; start < n; start += batchRows) {
        const end = Math.min(n, start + batchRows);
        yield {
          length: end - start,
          labels: data.labels.subarray(start, end),
          features: features ? data.features.subarray(start * size, end * size) : null,
          columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, sliceRowValues(v, start, end)])),
        };
      }
    },
    close: async () => {},
  };
}

async function openSource(path: string): Promise<Source> {
  const stat = await fs.stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${path}: cannot read (${err.code ?? err.message})`);
  });
  let parts: Part[] = [];
  try {
    if (stat.isDirectory()) {
      for (const file of await listParts(path)) parts.push(await openPart(file));
      parts = orderParts(path, parts);
    } else {
      const kind = await sniff(path);
      if (kind === 'json') parts.push(memoryPart(path, parseDatasetJsonBytes(await fs.readFile(path), path)));
      else if (kind === 'other') throw notADataset(path);
      else parts.push(await openPart(path));
    }
  } catch (err) {
    await Promise.all(parts.map((p) => p.close()));
    throw err;
  }
  const header: DatasetHeader =
    parts.length === 1 ? parts[0].header : { ...parts[0].header, meta: mergeMeta(parts.map((p) => p.header.meta)) };
  const chunks: DatasetChunk[] = [];
  let start = 0;
  for (const p of parts) {
    p.chunkRows.forEach((rows, index) => {
      chunks.push({ file: p.file, index, start, rows });
      start += rows;
    });
  }
  return { header, parts, chunks, close: async () => void (await Promise.all(parts.map((p) => p.close()))) };
}

export const notADataset = (path: string): Error =>
  new Error(
    `${path}: not a dataset file (expected an Arrow IPC or Parquet file, a folder of parts, or the course's JSON, as preprocess writes)`,
  );

/** Every row column a batch may lack, filled as a file without it reads ("unknown"). */
function allocColumns(n: number): RowColumns {
  return rowColumnsOf(rowFieldsOf({}, n));
}

/** Reads one chunk, checking it holds the rows its file said it would. */
async function* readChunk(
  source: Source,
  chunk: DatasetChunk,
  features: boolean,
  batchRows: number,
): AsyncGenerator<ColumnBatch> {
  const part = source.parts.find((p) => p.file === chunk.file);
  if (!part || part.chunkRows[chunk.index] !== chunk.rows) {
    throw new Error(`${chunk.file}: no chunk ${chunk.index} of ${chunk.rows} rows in this data set`);
  }
  let got = 0;
  for await (const b of part.read(chunk.index, { features, batchRows })) {
    got += b.length;
    yield b;
  }
  if (got !== chunk.rows)
    throw new Error(`${chunk.file}: chunk ${chunk.index} held ${got} rows, expected ${chunk.rows}`);
}

/**
 * The labels, tracks and segment indices of a data set (file or folder of parts) with its shape, mapping, params
 * and chunks, without its features: Parquet reads only those columns; Arrow reads one record batch at a time.
 */
export async function scanDataset(path: string): Promise<DatasetScan> {
  const source = await openSource(path);
  try {
    const n = source.chunks.reduce((s, c) => s + c.rows, 0);
    const labels = new Int32Array(n);
    const columns = allocColumns(n);
    for (const chunk of source.chunks) {
      let at = chunk.start;
      for await (const b of readChunk(source, chunk, false, 65536)) {
        labels.set(b.labels, at);
        for (const [name, values] of Object.entries(b.columns))
          if (columns[name]) setRowValues(columns[name], values, at);
        at += b.length;
      }
    }
    const { mapping, params, meta, sample } = source.header;
    return { mapping, labels, shape: [n, ...sample], params, meta, ...rowFieldsOf(columns, n), chunks: source.chunks };
  } finally {
    await source.close();
  }
}

/**
 * Streams a data set (Arrow or Parquet file, folder of parts; JSON is read whole first) in batches of `batchRows`
 * rows, holding at most one chunk of the files (a record batch or row group, ~16 MB as written here) besides the
 * batch: memory stays bounded whatever the data set's size.
 */
export async function* streamDataset(path: string, opts: StreamOptions = {}): AsyncGenerator<DatasetBatch> {
  const batchRows = opts.batchRows ?? 1024;
  if (!Number.isInteger(batchRows) || batchRows < 1)
    throw new RangeError(`batchRows must be a positive integer, got ${batchRows}`);
  const source = await openSource(path);
  const keep = opts.keep;
  try {
    const n = source.chunks.reduce((s, c) => s + c.rows, 0);
    if (keep && keep.length !== n) throw new RangeError(`${path}: keep has ${keep.length} entries for ${n} rows`);
    const [frames, bands] = source.header.sample;
    const size = frames * bands;
    let out = newBatch(batchRows, frames, bands);
    let filled = 0;
    for (const chunk of opts.chunks ?? source.chunks) {
      let row = chunk.start;
      for await (const b of readChunk(source, chunk, true, batchRows)) {
        // A piece of the file's batch at a time, into the batch being filled; full batches go out.
        for (let from = 0; from < b.length; ) {
          if (keep && !keep[row + from]) {
            from++;
            continue;
          }
          let take = Math.min(b.length - from, batchRows - filled);
          // With a mask, the run of kept rows from here.
          if (keep) for (let k = 1; k < take; k++) if (!keep[row + from + k]) take = k;
          out.labels.set(b.labels.subarray(from, from + take), filled);
          out.features.set((b.features as Float32Array).subarray(from * size, (from + take) * size), filled * size);
          for (let i = 0; i < take; i++) out.rows[filled + i] = row + from + i;
          for (const [name, values] of Object.entries(b.columns)) {
            if (out.columns[name]) setRowValues(out.columns[name], sliceRowValues(values, from, from + take), filled);
          }
          filled += take;
          from += take;
          if (filled === batchRows) {
            yield finish(out, filled);
            out = newBatch(batchRows, frames, bands);
            filled = 0;
          }
        }
        row += b.length;
      }
    }
    if (filled > 0) yield finish(out, filled);
  } finally {
    await source.close();
  }
}

interface Filling {
  rows: Int32Array;
  labels: Int32Array;
  features: Float32Array;
  columns: RowColumns;
  frames: number;
  bands: number;
}

function newBatch(n: number, frames: number, bands: number): Filling {
  return {
    rows: new Int32Array(n),
    labels: new Int32Array(n),
    features: new Float32Array(n * frames * bands),
    columns: allocColumns(n),
    frames,
    bands,
  };
}

function finish(b: Filling, k: number): DatasetBatch {
  const whole = k === b.labels.length;
  const cut = (v: RowColumns[string]) => (whole ? v : sliceRowValues(v, 0, k));
  const columns = Object.fromEntries(Object.entries(b.columns).map(([name, v]) => [name, cut(v)]));
  return {
    rows: whole ? b.rows : b.rows.slice(0, k),
    labels: whole ? b.labels : b.labels.slice(0, k),
    features: whole ? b.features : b.features.slice(0, k * b.frames * b.bands),
    shape: [k, b.frames, b.bands],
    ...rowFieldsOf(columns, k),
  };
}

/**
 * Reads a whole data set held in streamable files (Parquet, a folder of parts) into one `Dataset`: arrays sized
 * from the footers first, then filled a chunk at a time, so the peak is the data set plus one chunk.
 */
export async function readWhole(path: string): Promise<Dataset> {
  const source = await openSource(path);
  try {
    const [frames, bands] = source.header.sample;
    const size = frames * bands;
    const n = source.chunks.reduce((s, c) => s + c.rows, 0);
    const labels = new Int32Array(n);
    const features = new Float32Array(n * size);
    const columns = allocColumns(n);
    for (const chunk of source.chunks) {
      let at = chunk.start;
      for await (const b of readChunk(source, chunk, true, 65536)) {
        labels.set(b.labels, at);
        features.set(b.features as Float32Array, at * size);
        for (const [name, values] of Object.entries(b.columns))
          if (columns[name]) setRowValues(columns[name], values, at);
        at += b.length;
      }
    }
    const { mapping, params, meta } = source.header;
    return { mapping, labels, features, shape: [n, frames, bands], ...rowFieldsOf(columns, n), params, meta };
  } finally {
    await source.close();
  }
}
