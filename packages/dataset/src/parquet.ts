/**
 * Apache Parquet through parquet-wasm (the Rust `parquet` crate of the Apache Arrow project, compiled to
 * WebAssembly): Arrow record batches in and out, the Arrow schema kept in the file (`ARROW:schema`), so pyarrow and
 * Polars get the nested fixed-size lists back and DuckDB reads `FLOAT[][]` rows of the same shape.
 */
import { promises as fs, openAsBlob } from 'node:fs';
import { Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm';
import { writeAtomic } from './atomic';
import { checkDataset, type Dataset, ROW_COLUMNS } from './dataset';
import type { Part } from './part-reader';
import { batchRowsFor, datasetTable, headerMetadata, headerOf, readBatch, readHeader } from './table';

type Pq = typeof ParquetWasm;
let loading: Promise<Pq> | null = null;
/** parquet-wasm compiles 5 MB of WebAssembly: loaded on first use, so JSON and Arrow never pay for it. */
const parquetWasm = (): Promise<Pq> => {
  loading ??= import('parquet-wasm');
  return loading;
};

export const PARQUET_COMPRESSIONS = ['snappy', 'zstd', 'none'] as const;
export type ParquetCompression = (typeof PARQUET_COMPRESSIONS)[number];

export interface ParquetWriteOptions {
  /**
   * snappy (default: Spark's too, and the fastest to read here), zstd (about 7 % smaller on MFCCs, slower to read),
   * or none. Features are float32 noise to a compressor: none of them saves much.
   */
  compression?: ParquetCompression;
  /** Rows per row group; by default about 16 MB of features, the unit a streaming reader holds at once. */
  rowGroupRows?: number;
}

/**
 * Writes `data` as Parquet: `label` (dictionary-encoded genre names), `track`, `segment`, and `features` as
 * fixed-size lists nested as the sample shape ([frames][bands] of float32); the format, params, mapping, sample
 * shape and `meta` entries go to the file's key-value metadata (JSON values) and to the Arrow schema it embeds.
 * Row groups are encoded one at a time, so the WebAssembly heap holds one row group, not the whole data set.
 */
export async function writeDatasetParquet(
  outPath: string,
  data: Dataset,
  opts: ParquetWriteOptions = {},
): Promise<void> {
  checkDataset(data, outPath);
  const pq = await parquetWasm();
  const rows = opts.rowGroupRows ?? batchRowsFor(data.shape.slice(1));
  const table = datasetTable(data, rows);
  const codec = {
    zstd: pq.Compression.ZSTD,
    snappy: pq.Compression.SNAPPY,
    none: pq.Compression.UNCOMPRESSED,
  }[opts.compression ?? 'snappy'];
  const props = new pq.WriterPropertiesBuilder()
    .setCompression(codec)
    // Dictionary pages only cost for features (nearly every float differs); parquet-wasm cannot name a nested
    // column to turn them off for it alone. Readers still get `label` as a dictionary from the embedded Arrow schema.
    .setDictionaryEnabled(false)
    .setMaxRowGroupSize(rows)
    .setKeyValueMetadata(headerMetadata(headerOf(data)))
    .build();
  let next = 0;
  const batches = new ReadableStream<ParquetWasm.RecordBatch>({
    pull(controller) {
      if (next === table.batches.length) {
        controller.close();
        return;
      }
      const wasmTable = pq.Table.fromIPCStream(tableToIPC(new Table([table.batches[next++]]), 'stream'));
      const [batch] = wasmTable.recordBatches();
      wasmTable.free();
      controller.enqueue(batch);
    },
  });
  await writeAtomic(outPath, async (tmp) => {
    await fs.writeFile(tmp, await pq.transformParquetStream(batches, props));
  });
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * A Parquet file opened for streaming: its footer gives the row groups, and each row group is read (and decoded
 * in WebAssembly) on its own, straight from the file, never the whole file at once.
 */
export async function openParquetPart(file: string): Promise<Part> {
  const pq = await parquetWasm();
  let pf: ParquetWasm.ParquetFile;
  try {
    pf = await pq.ParquetFile.fromFile(await openAsBlob(file));
  } catch (err) {
    throw new Error(`${file}: not a readable Parquet file (${message(err)})`);
  }
  try {
    const meta = pf.metadata();
    const kv = meta.fileMetadata().keyValueMetadata() as Map<string, string>;
    const arrowSchema = tableFromIPC(pf.schema().intoIPCStream()).schema;
    // The key-value metadata holds ours even where a writer kept no Arrow schema (or another one) in the file.
    const metadata = new Map([...arrowSchema.metadata, ...[...kv].filter(([k]) => k !== 'ARROW:schema')]);
    const schema = new Schema(arrowSchema.fields, metadata);
    const header = readHeader(schema, file);
    const chunkRows = meta.rowGroups().map((g) => g.numRows());
    const small = ['label', ...Object.keys(ROW_COLUMNS)].filter((name) => schema.fields.some((f) => f.name === name));
    return {
      file,
      header,
      chunkRows,
      async *read(index, { features, batchRows }) {
        let stream: ReadableStream<ParquetWasm.RecordBatch>;
        try {
          stream = await pf.stream({
            rowGroups: [index],
            batchSize: batchRows,
            ...(features ? {} : { columns: small }),
          });
        } catch (err) {
          throw new Error(`${file}: row group ${index}: ${message(err)}`);
        }
        for await (const batch of stream) {
          for (const b of tableFromIPC(batch.intoIPCStream()).batches) yield readBatch(b, header, file, features);
        }
      },
      async close() {
        pf.free();
      },
    };
  } catch (err) {
    pf.free();
    throw err;
  }
}
