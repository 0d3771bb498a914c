import { featureParamsSchema, segmentLayout, trackFeatures } from '@audio-dl/dataset';
import { loadAudio } from '@audio-dl/dsp';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from './io';
import { predictSamples } from './predict-samples';
import { applyStandardization } from './standardize';

export interface GenreScore {
  genre: string;
  probability: number;
}

export type FilePrediction =
  | { file: string; ok: true; segments: number; top: GenreScore[]; probabilities: GenreScore[] }
  | { file: string; ok: false; error: string };

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
  if (!meta.featureParams)
    throw new Error(
      'the model was trained on a data file that does not record its feature parameters (like the course data_10.json), so new audio cannot be featurised the same way',
    );
  const params = featureParamsSchema.parse(meta.featureParams);
  const { samplesPerSegment } = segmentLayout(params);
  const sampleSize = meta.sampleShape.reduce((a, b) => a * b, 1);
  const k = meta.mapping.length;
  const units = model.outputs[0].shape[model.outputs[0].shape.length - 1];
  // Averaging with a wrong k would silently mix genres up.
  if (units !== k) throw new Error(`the model outputs ${units} classes but its mapping names ${k} genres`);
  const results: FilePrediction[] = [];
  for (const file of files) {
    try {
      // Only the span the training data used is read and decoded (a long song costs what `duration` costs).
      const audio = await loadAudio(file, {
        sr: params.sr,
        mono: true,
        offset: params.offset,
        duration: params.duration,
      });
      const { features, kept } = trackFeatures(audio.signal, params);
      if (kept.length === 0) {
        const need = samplesPerSegment / params.sr;
        throw new Error(
          `${file}: shorter than one segment (${audio.duration.toFixed(2)} s of audio, a segment is ${need.toFixed(2)} s)`,
        );
      }
      const input = meta.standardization ? applyStandardization(features, meta.standardization) : features;
      const probs = predictSamples(model, input, sampleSize, meta.inputShape, null);
      const mean = new Float64Array(k);
      for (let i = 0; i < probs.length; i++) mean[i % k] += probs[i] / kept.length;
      const probabilities = meta.mapping.map((genre, g) => ({ genre, probability: mean[g] }));
      const top = [...probabilities].sort((a, b) => b.probability - a.probability).slice(0, opts.top ?? 3);
      results.push({ file, ok: true, segments: kept.length, top, probabilities });
    } catch (err) {
      const message = (err as Error).message;
      results.push({ file, ok: false, error: message.includes(file) ? message : `${file}: ${message}` });
    }
  }
  return results;
}
