import { promises as fs } from 'node:fs';
import { readDatasetArrow } from './arrow';
import type { Dataset } from './dataset';
import { parseDatasetJsonBytes } from './json-read';
import { sniff } from './part';
import { notADataset, readWhole } from './stream';

/**
 * Reads a data set: an Arrow IPC or Parquet file or a folder of parts written by `preprocess`, or JSON (ours or
 * the course's `data_10.json`). Arrow features are a view of the file's buffer when the file is one record batch;
 * Parquet and folders are read a row group at a time into arrays sized from their footers.
 */
export async function loadDataset(path: string): Promise<Dataset> {
  const stat = await fs.stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'ENOENT' ? `${path}: not found` : `${path}: cannot read (${err.code ?? err.message})`);
  });
  if (stat.isDirectory()) return readWhole(path);
  const kind = await sniff(path);
  if (kind === 'parquet') return readWhole(path);
  if (kind === 'other') throw notADataset(path);
  const bytes = await fs.readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'ENOENT' ? `${path}: not found` : `${path}: cannot read (${err.code ?? err.message})`);
  });
  return kind === 'arrow' ? readDatasetArrow(bytes, path) : parseDatasetJsonBytes(bytes, path);
}
