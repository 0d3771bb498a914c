import * as path from 'node:path';
import { writeDatasetArrow } from './arrow';
import type { Dataset } from './dataset';
import { writeDatasetJson } from './json';
import { writeDatasetParquet } from './parquet';

export const DATASET_FORMATS = ['arrow', 'parquet', 'json'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** The format an output path asks for, by its extension. */
export function formatOf(out: string): DatasetFormat {
  const ext = path.extname(out).toLowerCase().slice(1);
  const format = DATASET_FORMATS.find((f) => f === ext);
  if (!format) throw new Error(`${out}: the output must end in .arrow, .parquet or .json`);
  return format;
}

/** Writes `data` in the format `out`'s extension names (atomically, as every writer here does). */
export async function writeDataset(out: string, data: Dataset, opts: { indent?: number } = {}): Promise<void> {
  const format = formatOf(out);
  if (format === 'arrow') await writeDatasetArrow(out, data);
  else if (format === 'parquet') await writeDatasetParquet(out, data);
  else await writeDatasetJson(out, data, { indent: opts.indent });
}
