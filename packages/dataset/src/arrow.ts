import { promises as fs } from 'node:fs';
import { type RecordBatch, RecordBatchReader, type Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { writeAtomic } from './atomic';
import { checkDataset, type Dataset, rowFieldsOf } from './dataset';
import type { Part } from './part-reader';
import { type ColumnBatch, datasetTable, readBatch, readHeader } from './table';

/**
 * Writes one row per segment: `label` (dictionary-encoded genre), `track`, `segment`, and `features` as fixed-size
 * lists nested as the sample shape ([frames][bands] of float32). Format, params, mapping, sample shape and every
 * `meta` entry go to the schema metadata as JSON. Record batches of about 16 MB, so readers can stream the file.
 */
export async function writeDatasetArrow(outPath: string, data: Dataset): Promise<void> {
  checkDataset(data, outPath);
  await writeAtomic(outPath, (tmp) => fs.writeFile(tmp, tableToIPC(datasetTable(data), 'file')));
}

/** Concatenates chunk views only when a column spans several record batches (one copy per batch, never per row). */
function joined<A extends Float32Array | Int32Array | Float64Array>(parts: A[], make: (n: number) => A): A {
  if (parts.length === 1) return parts[0];
  const out = make(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

/**
 * Why an Arrow IPC file that starts right is cut short, or null: the file format ends with its footer, the
 * footer's length and the magic again, so a partial copy or an interrupted write lacks them.
 */
function truncation(n: number, tail: Uint8Array): string | null {
  // `tail`: the file's last (up to) 10 bytes, all this needs, so a streaming reader checks without reading the rest.
  const t = tail.length;
  const endsWithMagic = n >= 14 && ARROW_MAGIC.every((b, i) => tail[t - 6 + i] === b);
  if (!endsWithMagic) return `truncated: ${n} bytes, and no Arrow footer at the end (the file was cut short)`;
  const footer = new DataView(tail.buffer, tail.byteOffset + t - 10, 4).getInt32(0, true);
  if (footer <= 0 || footer > n - 18) return `truncated: ${n} bytes, too few for its ${footer}-byte Arrow footer`;
  return null;
}

/**
 * Reads an Arrow IPC file written by `writeDatasetArrow` (or the older flat `mfcc` layout), checking its schema and
 * metadata. A file of one record batch is viewed in place: its features are never copied.
 */
export function readDatasetArrow(bytes: Uint8Array, where: string): Dataset {
  const tail = bytes.subarray(Math.max(0, bytes.length - 10));
  const cut = ARROW_MAGIC.every((b, i) => bytes[i] === b) ? truncation(bytes.length, tail) : null;
  if (cut) throw new Error(`${where}: ${cut}`);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new Error(`${where}: not an Arrow IPC file (${(err as Error).message})`);
  }
  const header = readHeader(table.schema, where);
  const batches = table.batches.map((b) => readBatch(b, header, where));
  const n = table.numRows;
  const columns = Object.fromEntries(
    Object.keys(batches[0]?.columns ?? {}).map((name) => [name, concatColumn(batches, name)]),
  );
  const data: Dataset = {
    mapping: header.mapping,
    labels: joined(
      batches.map((b) => b.labels),
      (k) => new Int32Array(k),
    ),
    features: joined(
      batches.map((b) => b.features ?? new Float32Array(0)),
      (k) => new Float32Array(k),
    ),
    shape: [n, header.sample[0], header.sample[1]],
    ...rowFieldsOf(columns, n),
    params: header.params,
    meta: header.meta,
  };
  checkDataset(data, where);
  return data;
}

function concatColumn(batches: ColumnBatch[], name: string): ColumnBatch['columns'][string] {
  const parts = batches.map((b) => b.columns[name]);
  if (parts.length === 1) return parts[0];
  if (parts.every((p) => p.kind === 'utf8')) return { kind: 'utf8', values: parts.flatMap((p) => p.values) };
  if (parts.every((p) => p.kind === 'int32')) {
    return {
      kind: 'int32',
      values: joined(
        parts.map((p) => p.values),
        (k) => new Int32Array(k),
      ),
    };
  }
  if (parts.every((p) => p.kind === 'float64')) {
    return {
      kind: 'float64',
      values: joined(
        parts.map((p) => p.values),
        (k) => new Float64Array(k),
      ),
    };
  }
  throw new TypeError(`column "${name}" changes type between record batches`);
}

/**
 * An Arrow IPC file opened for streaming: one record batch in memory at a time. Opening reads every batch once to
 * learn its row count (the file footer does not record it).
 */
export async function openArrowPart(file: string): Promise<Part> {
  const handle = await fs.open(file);
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(10, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const cut = truncation(size, tail);
    if (cut) throw new Error(`${file}: ${cut}`);
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    if (!reader.isFile()) throw new Error(`${file}: not an Arrow IPC file (no footer)`);
    const header = readHeader(reader.schema, file);
    const batch = async (i: number): Promise<RecordBatch> => {
      const b = await reader.readRecordBatch(i);
      if (!b) throw new Error(`${file}: record batch ${i} cannot be read`);
      return b;
    };
    const chunkRows: number[] = [];
    for (let i = 0; i < reader.numRecordBatches; i++) chunkRows.push((await batch(i)).numRows);
    return {
      file,
      header,
      chunkRows,
      async *read(index, { features }) {
        yield readBatch(await batch(index), header, file, features);
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
