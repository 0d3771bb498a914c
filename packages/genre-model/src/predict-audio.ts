// The prediction path shared by `audio-dl predict` (files, Node) and the exported web page (bytes, a browser).

import { type FeatureParams, featureParamsSchema, segmentLayout, trackFeatures } from '@audio-dl/dataset/portable';
import { bytesSource, type DecodedAudio, type DecodeOptions } from '@audio-dl/dsp';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from './meta';
import { predictSamples } from './predict-samples';
import { applyStandardization } from './standardize';
import type { FilePrediction } from './timeline/formats';
import { type TimelineOptionsInput, timelineOptionsSchema } from './timeline/options';
import { predictSource } from './timeline/predict-timeline';

/** The feature parameters new audio must be featurised with, after checking the model can use them. */
export function predictionParams(model: tf.LayersModel, meta: ModelMeta): FeatureParams {
  if (!meta.featureParams)
    throw new Error(
      'the model was trained on a data file that does not record its feature parameters (like the course data_10.json), so new audio cannot be featurised the same way',
    );
  const k = meta.mapping.length;
  const units = model.outputs[0].shape[model.outputs[0].shape.length - 1];
  // Averaging with a wrong k would silently mix genres up.
  if (units !== k) throw new Error(`the model outputs ${units} classes but its mapping names ${k} labels`);
  return featureParamsSchema.parse(meta.featureParams);
}

/** How audio is decoded for the model: the recorded rate, mono, and only the span the training data used. */
export function decodeOptionsFor(params: FeatureParams): DecodeOptions {
  return { sr: params.sr, mono: true, offset: params.offset, duration: params.duration };
}

/**
 * The genre probabilities of one decoded signal: cut into segments and featurised exactly as the training data,
 * standardised as in training, each segment predicted, the probabilities averaged. Throws on a signal shorter
 * than one segment.
 */
export function predictSignal(
  model: tf.LayersModel,
  meta: ModelMeta,
  params: FeatureParams,
  audio: DecodedAudio,
  file: string,
  top = 3,
): FilePrediction {
  const { features, kept } = trackFeatures(audio.signal, params);
  if (kept.length === 0) {
    const need = segmentLayout(params).samplesPerSegment / params.sr;
    throw new Error(
      `${file}: shorter than one segment (${audio.duration.toFixed(2)} s of audio, a segment is ${need.toFixed(2)} s)`,
    );
  }
  const k = meta.mapping.length;
  const sampleSize = meta.sampleShape.reduce((a, b) => a * b, 1);
  const input = meta.standardization ? applyStandardization(features, meta.standardization) : features;
  const probs = predictSamples(model, input, sampleSize, meta.inputShape, null);
  const mean = new Float64Array(k);
  for (let i = 0; i < probs.length; i++) mean[i % k] += probs[i] / kept.length;
  const probabilities = meta.mapping.map((genre, g) => ({ genre, probability: mean[g] }));
  const ranked = [...probabilities].sort((a, b) => b.probability - a.probability).slice(0, top);
  return { file, ok: true, segments: kept.length, top: ranked, probabilities };
}

/** A failure as `predict` reports it: one line that names the file. */
export function failedPrediction(file: string, err: unknown): FilePrediction {
  const message = (err as Error).message;
  return { file, ok: false, error: message.includes(file) ? message : `${file}: ${message}` };
}

/**
 * An audio file's bytes (WAV, AU, MP3, FLAC, Ogg Vorbis) predicted window by window exactly as `audio-dl predict`
 * predicts files (`opts` as its flags); a file that fails gives `{ ok: false, error }`.
 */
export async function predictBytes(
  model: tf.LayersModel,
  meta: ModelMeta,
  bytes: Uint8Array,
  file: string,
  opts: TimelineOptionsInput = {},
): Promise<FilePrediction> {
  const o = timelineOptionsSchema.parse(opts);
  const params = predictionParams(model, meta);
  try {
    return (await predictSource(model, meta, params, bytesSource(bytes), file, o)).prediction;
  } catch (err) {
    return failedPrediction(file, err);
  }
}
