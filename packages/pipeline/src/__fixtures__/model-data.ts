import * as path from 'node:path';
import { preprocess } from '@audio-dl/dataset';
import { runCli } from './run-cli';
import { writeTinyTree } from './tiny-data';

/** Feature parameters of the tiny tree: 2 s tracks in 2 segments of 87 × 13 MFCC. */
export const MODEL_PARAMS = { sr: 11025, duration: 2, segments: 2, nMfcc: 13, nFft: 512, hopLength: 128, nMels: 40 };

/** A tiny tree of `genres` × `tracks` tone tracks under `dir/tree`, preprocessed to `dir/<name>`. */
export async function writeModelData(
  dir: string,
  name = 'data.json',
  genres = ['blues', 'jazz'],
  tracks = 6,
): Promise<{ root: string; data: string }> {
  const root = path.join(dir, `tree-${name}`);
  await writeTinyTree(root, genres, tracks, 2, MODEL_PARAMS.sr);
  const data = path.join(dir, name);
  await preprocess(root, { out: data, params: MODEL_PARAMS, workers: 0 });
  return { root, data };
}

/** `audio-dl train --model mlp` on `data` into `out` (wasm backend, no run recorded) with `flags`; must exit 0. */
export async function trainTinyMlp(data: string, out: string, ...flags: string[]): Promise<void> {
  const args = ['--data', data, '--model', 'mlp', '--out', out, '--backend', 'wasm', '--no-record'];
  const trained = await runCli('train', ...args, ...flags);
  expect(trained.code).toBe(0);
}
