// The contract every data file format streams through, apart from the dispatcher (part.ts) that picks the format:
// arrow.ts and parquet.ts implement it, part.ts opens them, and none of them imports back.
import type { ColumnBatch, DatasetHeader } from './table';

/**
 * One Arrow or Parquet file opened for streaming. A chunk is what the file stores as a unit (an Arrow record batch,
 * a Parquet row group): the most a reader holds at once besides the batches it hands out.
 */
export interface Part {
  file: string;
  header: DatasetHeader;
  /** Rows in each chunk, in file order. */
  chunkRows: number[];
  /** The rows of chunk `index`, in batches of at most `batchRows` rows (an Arrow record batch comes whole). */
  read(index: number, opts: { features: boolean; batchRows: number }): AsyncIterable<ColumnBatch>;
  close(): Promise<void>;
}
