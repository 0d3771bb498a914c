import { openFileSource } from '@audio-dl/dsp/node';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from './meta';
import { failedPrediction, predictionParams } from './predict-audio';
import type { FilePrediction } from './timeline/formats';
import { type TimelineOptionsInput, timelineOptionsSchema } from './timeline/options';
import { predictSource, type WindowedPrediction } from './timeline/predict-timeline';

/**
 * Predicts one audio file window by window (`opts`: which windows, smoothing, timeline), read, resampled and
 * featurised chunk by chunk so memory does not grow with the file's length. Throws on a file it cannot read.
 */
export async function predictFile(
  model: tf.LayersModel,
  meta: ModelMeta,
  file: string,
  opts: TimelineOptionsInput = {},
  onProgress?: (fraction: number) => void,
): Promise<WindowedPrediction> {
  const o = timelineOptionsSchema.parse(opts);
  const params = predictionParams(model, meta);
  const source = openFileSource(file);
  try {
    return await predictSource(model, meta, params, source, file, o, onProgress);
  } finally {
    source.close();
  }
}

/**
 * Predicts the genre of each audio file: cut into windows of the model's segment length (all of the file unless
 * `opts` limits it), each featurised exactly as the training data (the parameters recorded in `audio-dl.json`), the
 * windows' probabilities averaged. A file that fails gets `{ ok: false, error }` and the others are still predicted.
 */
export async function predictFiles(
  model: tf.LayersModel,
  meta: ModelMeta,
  files: string[],
  opts: TimelineOptionsInput = {},
): Promise<FilePrediction[]> {
  timelineOptionsSchema.parse(opts);
  predictionParams(model, meta);
  const results: FilePrediction[] = [];
  for (const file of files) {
    try {
      results.push((await predictFile(model, meta, file, opts)).prediction);
    } catch (err) {
      results.push(failedPrediction(file, err));
    }
  }
  return results;
}
