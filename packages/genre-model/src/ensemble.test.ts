import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { toneDataset } from './__fixtures__/tones';
import { combineModels, memberSeed, trainEnsemble } from './ensemble';
import { loadModel, saveModel } from './io';
import { buildModel, disposeModel } from './models';
import { trainGenreModel } from './train';

jest.setTimeout(180_000);

beforeAll(async () => {
  await initBackend('wasm');
});

const ctx = { source: 'tones.json', sha256: 'abc', backend: 'wasm' };
const data = toneDataset(8); // 2 genres × 8 tracks × 2 segments of 44 × 13

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('combineModels', () => {
  it('outputs the mean of its members’ probabilities, with distinct weight names', async () => {
    const members = [0, 1, 2].map(() => buildModel('mel-cnn', [44, 13], 4, { learningRate: 1e-3 }));
    const ensemble = await combineModels(members);
    const x = tf.randomNormal([3, ...(members[0].inputs[0].shape.slice(1) as number[])]);
    const expected = tf.tidy(() => tf.stack(members.map((m) => m.predict(x) as tf.Tensor)).mean(0));
    const got = ensemble.predict(x) as tf.Tensor;
    expect(got.shape).toEqual([3, 4]);
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-6);
    expect(ensemble.countParams()).toBe(3 * members[0].countParams());
    const names = ensemble.weights.map((w) => w.name);
    expect(new Set(names).size).toBe(names.length);
    // The members' weights are copied: disposing them leaves the ensemble whole.
    for (const m of members) disposeModel(m);
    expect(maxAbsDiff(ensemble.predict(x) as tf.Tensor, expected)).toBeLessThan(1e-6);
    disposeModel(ensemble);
  });

  it('refuses a single model', async () => {
    const one = buildModel('mlp', [44, 13], 2, { learningRate: 1e-3 });
    await expect(combineModels([one])).rejects.toThrow('at least 2 models, got 1');
    disposeModel(one);
  });
});

describe('trainEnsemble', () => {
  it('trains members on one split with seeds seed, seed + 1000, …; the first is the single model; saves and loads', async () => {
    const options = { model: 'mlp-regularized' as const, epochs: 2, batchSize: 8, split: { seed: 3 } };
    const single = await trainGenreModel(data, options, ctx);
    const seen: number[] = [];
    const result = await trainEnsemble(data, options, { ...ctx, onMember: (_j, _n, seed) => seen.push(seed) }, 3);
    expect(seen).toEqual([3, memberSeed(3, 1), memberSeed(3, 2)]);
    expect(result.meta.ensemble).toEqual({ members: 3, seeds: [3, 1003, 2003] });
    expect(result.history.loss).toEqual(single.history.loss);
    expect(Array.from(result.split.test)).toEqual(Array.from(single.split.test));
    expect(result.metrics?.segments).toBe(single.metrics?.segments);
    expect(result.model.countParams()).toBe(3 * single.model.countParams());

    const dir = await mkdtemp(join(tmpdir(), 'audio-dl-ensemble-'));
    try {
      await mkdir(join(dir, 'm'));
      await saveModel(join(dir, 'm'), result.model, result.meta);
      const loaded = await loadModel(join(dir, 'm'));
      expect(loaded.meta.ensemble?.members).toBe(3);
      const x = tf.randomNormal([2, 44, 13]);
      expect(maxAbsDiff(loaded.model.predict(x) as tf.Tensor, result.model.predict(x) as tf.Tensor)).toBe(0);
      disposeModel(loaded.model);
    } finally {
      await rm(dir, { recursive: true, force: true });
      disposeModel(single.model);
      disposeModel(result.model);
    }
  });
});
