import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDatasetJson } from '@audio-dl/dataset';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { TINY_PARAMS, toneDataset } from './__fixtures__/tones';
import { evaluateModel } from './evaluate';
import { hashFile } from './io';
import { disposeModel } from './models';
import { saveTrainingRun } from './save-run';
import { trainGenreModel } from './train';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

let dir: string;
let dataPath: string;
let modelDir: string;
let testAccuracy: number | undefined;
const data = toneDataset(8);

beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'genre-eval-'));
  dataPath = join(dir, 'tones.json');
  modelDir = join(dir, 'model');
  await writeDatasetJson(dataPath, data);
  const result = await trainGenreModel(
    data,
    { model: 'mlp', epochs: 4, learningRate: 1e-3, standardize: true, split: { seed: 9 } },
    { source: dataPath, sha256: await hashFile(dataPath), backend: 'wasm' },
  );
  testAccuracy = result.metrics?.accuracy;
  await saveTrainingRun(modelDir, result);
  disposeModel(result.model);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('evaluateModel', () => {
  it("scores the model's own held-out test split, as training did", async () => {
    const ev = await evaluateModel(modelDir, dataPath);
    expect(ev.scope).toBe('test');
    expect(ev.metrics.segments).toBe(8);
    expect(ev.metrics.accuracy).toBe(testAccuracy);
    expect(ev.note).toMatch(/held-out test split .*track split, test 0\.25, seed 9\): 8 of 32 segments/);
  });

  it('scores all of another data file and says so', async () => {
    const other = join(dir, 'other.json');
    await writeDatasetJson(other, toneDataset(3, undefined, 2));
    const ev = await evaluateModel(modelDir, other);
    expect(ev.scope).toBe('all');
    expect(ev.metrics.segments).toBe(12);
    expect(ev.note).toMatch(/other\.json is not the model's training data .*scoring all 12 segments/);
  });

  it('refuses the training file once it has changed', async () => {
    await writeDatasetJson(dataPath, toneDataset(8, undefined, 3));
    await expect(evaluateModel(modelDir, dataPath)).rejects.toThrow(/tones\.json: changed since the model was trained/);
    await writeDatasetJson(dataPath, data);
  });

  it('refuses data of another shape or other genres, naming both', async () => {
    const wide = join(dir, 'wide.json');
    await writeDatasetJson(wide, toneDataset(2, { ...TINY_PARAMS, segments: 1 }));
    await expect(evaluateModel(modelDir, wide)).rejects.toThrow(
      /wide\.json: samples of shape \[87, 13\] do not fit the model, which takes \[44, 13\]/,
    );
    const renamed = join(dir, 'renamed.json');
    await writeDatasetJson(renamed, { ...toneDataset(2), mapping: ['bass', 'treble'] });
    await expect(evaluateModel(modelDir, renamed)).rejects.toThrow(
      /labels \[bass, treble\] differ from the model's \[low, high\]/,
    );
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{');
    await expect(evaluateModel(modelDir, broken)).rejects.toThrow(/broken\.json/);
  });
});
