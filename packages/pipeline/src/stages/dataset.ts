import * as path from 'node:path';
import { loadDataset, VERSION, writeDatasetArrow, writeDatasetJson, writeDatasetParquet } from '@audio-dl/dataset';
import { requireFile, type StageContext, StageError, stageDir } from './io';

/**
 * The seed's data set: `data.arrow` (the pipeline's format), `data.parquet` (what DuckDB, Spark, Polars and Ray Data
 * read as is) and `data.json` in the course's shape (§09.4).
 */
export async function dataset(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const file = await requireFile(path.join(stageDir(ctx.loaded, 'mfcc'), 'mfcc.arrow'), 'dataset');
  let data: Awaited<ReturnType<typeof loadDataset>>;
  try {
    data = await loadDataset(file);
  } catch (err) {
    throw new StageError('dataset', file, (err as Error).message);
  }
  data.meta = { ...data.meta, version: VERSION };
  const { json, indent } = ctx.loaded.config.dataset;
  await writeDatasetArrow(path.join(out, 'data.arrow'), data);
  await writeDatasetParquet(path.join(out, 'data.parquet'), data);
  if (json) await writeDatasetJson(path.join(out, 'data.json'), data, indent === null ? {} : { indent });
  const perGenre = data.mapping.map((_, g) => data.labels.filter((l) => l === g).length);
  return {
    genres: data.mapping,
    segments: data.shape[0],
    tracks: new Set(data.tracks).size,
    segmentsPerGenre: perGenre,
    shape: data.shape,
  };
}
