import * as path from 'node:path';
import { preprocess } from '@audio-dl/dataset';
import { main } from '../cli';
import { writeTinyTree } from './tiny-data';

/** Runs `audio-dl …` in-process and captures what it prints. */
export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const outSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
}

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
