import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type FeatureParamsInput, hashDataset, loadDataset, preprocess } from '@audio-dl/dataset';
import { encodeWav } from '@audio-dl/dsp';
import { disposeModel, saveTrainingRun, type TrainOptions, trainGenreModel } from '../index';
import { tone } from './tones';

/** Feature parameters of a tone tree: 2 s tracks in 2 segments of 87 × 13 MFCC. */
export const TREE_PARAMS = { sr: 11025, duration: 2, segments: 2, nMfcc: 13, nFft: 512, hopLength: 128, nMels: 40 };

/** Track `index` of genre `genre`: a tone whose pitch tells the genre, with seeded noise. */
export function toneTrack(genre: number, index: number, seconds: number, sr: number): Float32Array {
  return tone(220 * 2 ** genre * (1 + 0.02 * index), seconds, sr, genre * 1000 + index + 1);
}

/**
 * `dir/tree-<name>/<genre>/<genre>.0000N.wav` for `genres` × `tracks` tone tracks of 2 s, preprocessed (as
 * `audio-dl preprocess` does) to `dir/<name>` with `params`.
 */
export async function writeToneData(
  dir: string,
  name = 'data.json',
  genres = ['blues', 'jazz'],
  tracks = 6,
  params: FeatureParamsInput = TREE_PARAMS,
): Promise<{ root: string; data: string }> {
  const root = path.join(dir, `tree-${name}`);
  for (const [g, genre] of genres.entries()) {
    await fs.mkdir(path.join(root, genre), { recursive: true });
    for (let t = 0; t < tracks; t++) {
      const file = path.join(root, genre, `${genre}.${String(t).padStart(5, '0')}.wav`);
      await fs.writeFile(file, encodeWav(toneTrack(g, t, 2, TREE_PARAMS.sr), TREE_PARAMS.sr));
    }
  }
  const data = path.join(dir, name);
  await preprocess(root, { out: data, params, workers: 0 });
  return { root, data };
}

/** Trains a model on the data file `data` with `options` and saves it to `out`, as `audio-dl train` does. */
export async function trainToFolder(data: string, out: string, options: TrainOptions, backend: string): Promise<void> {
  const result = await trainGenreModel(await loadDataset(data), options, {
    source: data,
    sha256: await hashDataset(data),
    backend,
  });
  await saveTrainingRun(out, result);
  disposeModel(result.model);
}
