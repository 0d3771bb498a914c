import { type Dataset, type FeatureParams, trackFeatures } from '@audio-dl/dataset';
import { seededRandom } from '@audio-dl/trainer';

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
  const rand = seededRandom(seed);
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

/** A mono 16-bit PCM WAV file. */
export function wavBytes(signal: Float32Array, sr: number): Buffer {
  const data = Buffer.alloc(signal.length * 2);
  signal.forEach((v, i) => {
    data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2);
  });
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sr, 24);
  header.writeUInt32LE(sr * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
