import { loadAudio } from '@audio-dl/dsp/node';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from './meta';
import {
  decodeOptionsFor,
  type FilePrediction,
  failedPrediction,
  predictionParams,
  predictSignal,
} from './predict-audio';

export type { FilePrediction, GenreScore } from './predict-audio';

/**
 * Predicts the genre of each audio file: decoded, cut into segments and featurised exactly as the
 * training data (the parameters recorded in `audio-dl.json`), the segments' probabilities averaged.
 * A file that fails gets `{ ok: false, error }` and the others are still predicted.
 */
export async function predictFiles(
  model: tf.LayersModel,
  meta: ModelMeta,
  files: string[],
  opts: { top?: number } = {},
): Promise<FilePrediction[]> {
  const params = predictionParams(model, meta);
  const results: FilePrediction[] = [];
  for (const file of files) {
    try {
      // Only the span the training data used is read and decoded (a long song costs what `duration` costs).
      const audio = await loadAudio(file, decodeOptionsFor(params));
      results.push(predictSignal(model, meta, params, audio, file, opts.top));
    } catch (err) {
      results.push(failedPrediction(file, err));
    }
  }
  return results;
}
