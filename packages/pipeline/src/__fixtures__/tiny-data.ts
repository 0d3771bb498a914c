import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';

/** A tone whose pitch tells the genre, plus seeded noise: enough for a tiny model to learn something. */
export function tinyTrack(genre: number, index: number, seconds: number, sr: number): Float32Array {
  let state = (genre * 7919 + index * 104729 + 1) >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const f = 220 * 2 ** genre * (1 + 0.02 * index);
  const y = new Float32Array(Math.round(seconds * sr));
  for (let i = 0; i < y.length; i++) y[i] = 0.5 * Math.sin((2 * Math.PI * f * i) / sr) + 0.1 * rand();
  return y;
}

/** `root/<genre>/<genre>.0000N.wav` for `genres` × `tracks` short tracks. */
export async function writeTinyTree(
  root: string,
  genres = ['blues', 'jazz', 'rock'],
  tracks = 3,
  seconds = 2,
  sr = 11025,
) {
  for (const [g, genre] of genres.entries()) {
    await fs.mkdir(path.join(root, genre), { recursive: true });
    for (let t = 0; t < tracks; t++) {
      const file = path.join(root, genre, `${genre}.${String(t).padStart(5, '0')}.wav`);
      await fs.writeFile(file, encodeWav(tinyTrack(g, t, seconds, sr), sr));
    }
  }
}

/** A config small enough for tests: 2 s tracks, 2 segments, 8 MFCCs, one tiny MLP epoch. */
export function tinyConfig(root: string | null): Record<string, unknown> {
  return {
    data: { root },
    decode: { sr: 11025, duration: 2 },
    segment: { duration: 2, segments: 2 },
    mfcc: { nMfcc: 8, nFft: 512, hopLength: 256, nMels: 32 },
    dataset: { json: true },
    train: { model: 'mlp', epochs: 2, batchSize: 4, lr: 0.001, testSize: 0.34, valSize: 0.25, seed: 7 },
    evaluate: {},
    report: { examplesPerGenre: 1 },
    experiments: { lstm: { model: 'lstm', epochs: 1 } },
  };
}
