import { type Dataset, type FeatureParams, trackFeatures } from '@audio-dl/dataset';
import { mulberry32 } from '@audio-dl/dsp';
import { type ModelMeta, type ModelName, trainEnsemble, trainGenreModel } from '@audio-dl/genre-model';
import type * as tf from '@tensorflow/tfjs';

/** Small features so every model kind trains in a second: 2 segments of 0.5 s at 8 kHz, 63 frames each. */
export function tinyParams(features: 'mfcc' | 'logmel'): FeatureParams {
  return { sr: 8000, duration: 1, offset: 0, segments: 2, nMfcc: 13, nFft: 256, hopLength: 64, nMels: 32, features };
}

export const LABELS = ['low', 'mid', 'high'];
const PITCH = [200, 700, 2100];

/** One second of a seeded tone with a harmonic and noise; the label sets its pitch. */
export function toneClip(label: number, index: number, sr: number): Float32Array {
  const rand = mulberry32(label * 1000 + index + 1);
  const f = PITCH[label] * (1 + 0.03 * index);
  const phase = rand() * 2 * Math.PI;
  return Float32Array.from(
    { length: sr },
    (_, i) =>
      0.4 * Math.sin(phase + (2 * Math.PI * f * i) / sr) +
      0.15 * Math.sin((4 * Math.PI * f * i) / sr) +
      0.1 * (rand() - 0.5),
  );
}

/** Featurised tone clips, 6 per label, exactly as `preprocess` computes features. */
export function toneData(params: FeatureParams): Dataset {
  const features: number[] = [];
  const labels: number[] = [];
  const tracks: string[] = [];
  const segments: number[] = [];
  LABELS.forEach((name, label) => {
    for (let t = 0; t < 6; t++) {
      const { features: f, kept } = trackFeatures(toneClip(label, t, params.sr), params);
      features.push(...f);
      for (const s of kept) {
        labels.push(label);
        tracks.push(`${name}/${t}.wav`);
        segments.push(s);
      }
    }
  });
  const n = labels.length;
  const bands = params.features === 'logmel' ? params.nMels : params.nMfcc;
  return {
    mapping: LABELS,
    labels: Int32Array.from(labels),
    features: Float32Array.from(features),
    shape: [n, features.length / n / bands, bands],
    tracks,
    segments: Int32Array.from(segments),
    params,
    meta: {},
  };
}

const ctx = { source: 'tones.arrow', sha256: '0'.repeat(64), backend: 'wasm' };

/**
 * mel-cnn with a pooling other than its default, and the layer class that pooling builds; max pooling at the width
 * the recipe builds for clips.
 */
const POOLED = {
  'mel-cnn, max pooling, width 24': { pooling: 'max', layer: 'GlobalMaxPooling2D', width: 24 },
  'mel-cnn, max-time pooling': { pooling: 'max-time', layer: 'Flatten', width: 16 },
} as const;
export type TrainedKind = ModelName | 'ensemble' | keyof typeof POOLED;

/** A model of `kind` trained for a few epochs on the tones (ensemble: 2 members of mlp). */
export async function trainedModel(
  kind: TrainedKind,
  params: FeatureParams,
): Promise<{ model: tf.LayersModel; meta: ModelMeta }> {
  const data = toneData(params);
  const options = { epochs: 2, batchSize: 8, split: { seed: 3 }, augment: {} };
  const pooled = kind in POOLED ? POOLED[kind as keyof typeof POOLED] : null;
  const result =
    kind === 'ensemble'
      ? await trainEnsemble(data, { ...options, model: 'mlp' }, ctx, 2)
      : pooled
        ? await trainGenreModel(
            data,
            { ...options, model: 'mel-cnn', pooling: pooled.pooling, width: pooled.width },
            ctx,
          )
        : await trainGenreModel(data, { ...options, model: kind as ModelName }, ctx);
  if (pooled && !result.model.layers.some((l) => l.getClassName() === pooled.layer))
    throw new Error(`mel-cnn was asked for ${pooled.pooling} pooling and built without ${pooled.layer}`);
  if (pooled && result.model.getLayer('conv2d').getConfig().filters !== pooled.width)
    throw new Error(`mel-cnn was asked for width ${pooled.width} and built another`);
  return { model: result.model, meta: result.meta };
}
