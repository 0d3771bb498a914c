import { type Dataset, type FeatureParams, trackFeatures } from '@audio-dl/dataset';
import { mulberry32 } from '@audio-dl/dsp';

/** Small feature parameters so tests featurise and train in milliseconds: 2 segments of 0.5 s, 44 × 13 each. */
export const TINY_PARAMS: FeatureParams = {
  sr: 22050,
  duration: 1,
  offset: 0,
  segments: 2,
  nMfcc: 13,
  nFft: 512,
  hopLength: 256,
  nMels: 40,
  features: 'mfcc',
};

/** Genre name → fundamental frequency: each "genre" is a tone, so a model can learn it in a few epochs. */
export const TONE_GENRES: [string, number][] = [
  ['low', 220],
  ['high', 1760],
];

/** A sine at `freq` Hz with some seeded noise and a random phase. */
export function tone(freq: number, seconds: number, sr: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const phase = rand() * 2 * Math.PI;
  return Float32Array.from(
    { length: Math.round(seconds * sr) },
    (_, i) => 0.5 * Math.sin(phase + (2 * Math.PI * freq * i) / sr) + 0.05 * (rand() - 0.5),
  );
}

/** `tracksPerGenre` tone tracks per genre, featurised by the dataset package exactly as `preprocess` does. */
export function toneDataset(tracksPerGenre: number, params: FeatureParams = TINY_PARAMS, seed = 1): Dataset {
  const features: number[] = [];
  const labels: number[] = [];
  const tracks: string[] = [];
  const segments: number[] = [];
  TONE_GENRES.forEach(([genre, freq], g) => {
    for (let t = 0; t < tracksPerGenre; t++) {
      const signal = tone(freq * (1 + 0.02 * t), params.duration, params.sr, seed * 1000 + g * 100 + t);
      const out = trackFeatures(signal, params);
      features.push(...out.features);
      for (const s of out.kept) {
        labels.push(g);
        tracks.push(`${genre}/${genre}.${t}.wav`);
        segments.push(s);
      }
    }
  });
  const n = labels.length;
  const frames = features.length / n / params.nMfcc;
  return {
    mapping: TONE_GENRES.map(([genre]) => genre),
    labels: Int32Array.from(labels),
    features: Float32Array.from(features),
    shape: [n, frames, params.nMfcc],
    tracks,
    segments: Int32Array.from(segments),
    params,
    meta: {},
  };
}
