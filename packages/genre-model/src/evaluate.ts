import { resolve } from 'node:path';
import { hashDataset } from '@audio-dl/dataset';
import type * as tf from '@tensorflow/tfjs';
import { streamSource } from './batch-source';
import { checkGenreData, checkLabels, type GenreData } from './data';
import { loadModel, type ModelMeta } from './io';
import { computeMetrics, type Metrics } from './metrics';
import { formatShape } from './models';
import { DEFAULT_MEMORY_BYTES, openData } from './open-data';
import { predictSamples } from './predict-samples';
import { scoreSource } from './score-source';
import { splitData } from './split';
import type { Split } from './split-options';
import { applyStandardization } from './standardize';

export interface Evaluation {
  /** `test`: the model's own held-out split of its training data; `all`: every sample of another data file. */
  scope: 'test' | 'all';
  /** One line saying what was scored. */
  note: string;
  data: string;
  metrics: Metrics;
  /** How the data was read: whole, or streamed because it was bigger than the memory budget. */
  reading: 'memory' | 'stream';
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Throws unless `data` was made the way the model's training data was (shape, genres, feature parameters). */
export function checkCompatible(
  meta: ModelMeta,
  data: Pick<GenreData, 'shape' | 'mapping' | 'params'>,
  source: string,
): void {
  const sampleShape = data.shape.slice(1);
  if (!same(sampleShape, meta.sampleShape))
    throw new Error(
      `${source}: samples of shape ${formatShape(sampleShape)} do not fit the model, which takes ${formatShape(meta.sampleShape)}`,
    );
  if (!same(data.mapping, meta.mapping))
    throw new Error(
      `${source}: labels [${data.mapping.join(', ')}] differ from the model's [${meta.mapping.join(', ')}]`,
    );
  if (data.params && meta.featureParams) {
    const diff = Object.entries(meta.featureParams).filter(
      ([k, v]) => (data.params as Record<string, unknown>)[k] !== v,
    );
    if (diff.length > 0)
      throw new Error(
        `${source}: feature parameters differ from the model's: ${diff.map(([k, v]) => `${k} ${String((data.params as Record<string, unknown>)[k])} ≠ ${String(v)}`).join(', ')}`,
      );
  }
}

/** Class probabilities [m, k] of samples `indices` of `data` (all when null), standardised as in training. */
export function predictData(
  model: tf.LayersModel,
  meta: ModelMeta,
  data: GenreData,
  indices: Int32Array | null,
): Float32Array {
  const features = meta.standardization ? applyStandardization(data.features, meta.standardization) : data.features;
  const sampleSize = meta.sampleShape.reduce((a, b) => a * b, 1);
  return predictSamples(model, features, sampleSize, meta.inputShape, indices);
}

/** Scores `model` on samples `indices` of `data` (all when null), standardised as in training. */
export function scoreData(
  model: tf.LayersModel,
  meta: ModelMeta,
  data: GenreData,
  indices: Int32Array | null,
): Metrics {
  const probs = predictData(model, meta, data, indices);
  const pick = <T>(all: ArrayLike<T>): T[] => (indices ? Array.from(indices, (i) => all[i]) : Array.from(all));
  return computeMetrics(probs, pick(data.labels), pick(data.tracks), data.mapping);
}

/**
 * Scores a saved model. On its own training data (same SHA-256) it scores the held-out test split,
 * recomputed from the recorded split options and seed; the training file changed since → refused;
 * any other data file → every sample of it, and the note says so. A data set over `opts.memory` bytes in memory
 * (default 2 GiB) is streamed from its files; the metrics are the same either way.
 */
export async function evaluateModel(
  modelDir: string,
  dataPath: string,
  loaded?: { model: tf.LayersModel; meta: ModelMeta },
  opts: { memory?: number } = {},
): Promise<Evaluation> {
  const { model, meta } = loaded ?? (await loadModel(modelDir));
  // A file's SHA-256, or a folder of parts' (its part names and hashes), as `train` records it.
  const sha256 = await hashDataset(dataPath);
  const sameFile = resolve(dataPath) === resolve(meta.data.path);
  if (sameFile && sha256 !== meta.data.sha256)
    throw new Error(
      `${dataPath}: changed since the model was trained (sha256 ${sha256.slice(0, 12)}… ≠ recorded ${meta.data.sha256.slice(0, 12)}…), so its test split cannot be recovered; retrain, or pass another data file to score all of it`,
    );
  const opened = await openData(dataPath, {
    memory: opts.memory ?? DEFAULT_MEMORY_BYTES,
    standardize: meta.standardization !== null,
  });
  const rows = opened.kind === 'memory' ? opened.data : opened.data.scan;
  if (opened.kind === 'memory') checkGenreData(opened.data, dataPath);
  else checkLabels(rows, dataPath);
  checkCompatible(meta, rows, dataPath);
  const n = rows.shape[0];
  let split: Split | null = null;
  let note = `${dataPath} is not the model's training data (${meta.data.path}): scoring all ${n} segments`;
  if (sha256 === meta.data.sha256) {
    split = splitData(rows, meta.split);
    if (split.test.length === 0)
      throw new Error(`${dataPath}: the model's split (test size ${meta.split.testSize}) has no test samples`);
    note = `held-out test split of the training data (${meta.split.kind} split, test ${meta.split.testSize}, seed ${meta.split.seed}): ${split.test.length} of ${n} segments`;
  }
  const scope = split ? 'test' : 'all';
  if (opened.kind === 'memory')
    return {
      scope,
      note,
      data: dataPath,
      metrics: scoreData(model, meta, opened.data, split?.test ?? null),
      reading: 'memory',
    };
  const none = new Int32Array(0);
  const test = split?.test ?? Int32Array.from({ length: n }, (_, i) => i);
  const source = streamSource(opened.data, { train: none, val: none, test }, meta.standardization, {
    seed: meta.seed,
    windowRows: 1,
  });
  const [, frames, bands] = rows.shape;
  const metrics = await scoreSource(model, source, { frames, bands, inputShape: meta.inputShape }, rows.mapping);
  return { scope, note, data: dataPath, metrics, reading: 'stream' };
}
