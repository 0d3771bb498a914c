import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { EarlyStopping, fitSamples, KerasProgress, withSeededMathRandom } from '@audio-dl/trainer';
import * as tf from '@tensorflow/tfjs';
import { toneDataset } from './__fixtures__/tones';
import { buildModel, disposeModel } from './models';
import { trainGenreModel } from './train';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

beforeAll(async () => {
  await initBackend('wasm');
});

const ctx = { source: 'tones.json', sha256: 'abc', backend: 'cpu' };
// 2 genres × 8 tracks × 2 segments of 44 × 13.
const data = toneDataset(8);

describe('trainGenreModel', () => {
  it('learns the tone genres and reports held-out metrics', async () => {
    const result = await trainGenreModel(
      data,
      { model: 'mlp', epochs: 8, learningRate: 1e-3, standardize: true, split: { seed: 1 } },
      ctx,
    );
    expect(result.history.epoch).toHaveLength(8);
    expect(result.history.loss[7]).toBeLessThan(result.history.loss[0]);
    expect(result.metrics?.accuracy).toBe(1);
    expect(result.metrics?.trackAccuracy).toBe(1);
    // 8 tracks per genre: 2 test, 1 validation, 5 training tracks of 2 segments.
    expect(result.metrics?.segments).toBe(8);
    expect(result.meta.training).toMatchObject({ epochs: 8, epochsRun: 8, batchSize: 32, learningRate: 1e-3 });
    expect(result.meta.sampleShape).toEqual([44, 13]);
    disposeModel(result.model);
  });

  it('gives the same history with the same seed, and another with another seed', async () => {
    const run = async (seed: number) => {
      const r = await trainGenreModel(
        data,
        { model: 'mlp-regularized', epochs: 3, batchSize: 8, split: { seed } },
        ctx,
      );
      disposeModel(r.model);
      return r.history;
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(b.loss).toEqual(a.loss);
    expect(b.val_loss).toEqual(a.val_loss);
    expect(c.loss).not.toEqual(a.loss);
  });

  it('takes an initialisation seed apart from the split seed (same split, another model)', async () => {
    const run = async (seed?: number) => {
      const r = await trainGenreModel(
        data,
        {
          model: 'mlp-regularized',
          epochs: 2,
          batchSize: 8,
          split: { seed: 5 },
          ...(seed === undefined ? {} : { seed }),
        },
        ctx,
      );
      disposeModel(r.model);
      return r;
    };
    const byDefault = await run();
    const same = await run(5);
    const other = await run(7);
    expect(same.history.loss).toEqual(byDefault.history.loss);
    expect(Array.from(other.split.test)).toEqual(Array.from(byDefault.split.test));
    expect(other.history.loss).not.toEqual(byDefault.history.loss);
    expect(other.meta.seed).toBe(7);
    expect(other.meta.split.seed).toBe(5);
  });

  it('on 2 threads: the same seed gives the same metrics bit for bit, and the thread count is recorded', async () => {
    const run = async () => {
      const r = await trainGenreModel(
        data,
        { model: 'mel-cnn', epochs: 2, batchSize: 8, split: { seed: 3 }, threads: 2 },
        ctx,
      );
      disposeModel(r.model);
      return r;
    };
    const a = await run();
    const b = await run();
    expect(a.meta.training.threads).toBe(2);
    expect(b.history.loss).toEqual(a.history.loss);
    expect(b.history.val_loss).toEqual(a.history.val_loss);
    expect(b.metrics?.loss).toBe(a.metrics?.loss);
    expect(b.metrics?.accuracy).toBe(a.metrics?.accuracy);
  });

  it('leaves no tensors behind but the model', async () => {
    const before = tf.memory().numTensors;
    const r = await trainGenreModel(data, { model: 'cnn', epochs: 2, patience: 1, split: { seed: 4 } }, ctx);
    disposeModel(r.model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains without validation or test parts when their sizes are 0', async () => {
    const r = await trainGenreModel(
      data,
      { model: 'mlp', epochs: 2, patience: 1, split: { testSize: 0, valSize: 0, seed: 1 } },
      ctx,
    );
    expect(r.split.train.length).toBe(32);
    expect(r.history.val_loss).toBeUndefined();
    expect(r.history.loss).toHaveLength(2);
    expect(r.metrics).toBeNull();
    disposeModel(r.model);
  });

  it('standardises with training statistics only', async () => {
    const r = await trainGenreModel(data, { model: 'mlp', epochs: 1, standardize: true, split: { seed: 2 } }, ctx);
    expect(r.meta.standardization?.mean).toHaveLength(13);
    expect(r.meta.standardization?.std.every((s) => s > 0)).toBe(true);
    disposeModel(r.model);
  });

  it('trains the cnn and the lstm on tiny data', async () => {
    for (const model of ['cnn', 'lstm'] as const) {
      const r = await trainGenreModel(data, { model, epochs: 1, split: { seed: 3 } }, ctx);
      expect(r.history.loss[0]).toBeGreaterThan(0);
      expect(r.metrics?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(8);
      disposeModel(r.model);
    }
  });

  it('adds the waveform-augmented copies of training tracks only', async () => {
    // Another rendering of the same tracks stands in for augmented copies (same names, params and shape).
    const copies = toneDataset(8, undefined, 2);
    const r = await trainGenreModel(
      data,
      { model: 'mlp', epochs: 1, split: { seed: 1 } },
      { ...ctx, augmented: { data: copies, source: 'copies.arrow', sha256: 'def' } },
    );
    const trainTracks = new Set(Array.from(r.split.train, (i) => data.tracks[i]));
    const held = [...r.split.val, ...r.split.test].map((i) => data.tracks[i]);
    expect(held.some((t) => trainTracks.has(t))).toBe(false);
    expect(r.meta.augmented?.samples).toBe(copies.tracks.filter((t) => trainTracks.has(t)).length);
    expect(r.meta.augmented?.samples).toBe(r.split.train.length);
    expect(r.meta.data.samples).toBe(32);
    disposeModel(r.model);
    await expect(
      trainGenreModel(
        data,
        { model: 'mlp', epochs: 1 },
        { ...ctx, augmented: { data: { ...copies, mapping: ['a', 'b'] }, source: 'copies.arrow', sha256: 'def' } },
      ),
    ).rejects.toThrow(/copies\.arrow: labels \[a, b\] differ from the data's \[low, high\]/);
  });

  it('refuses data whose samples do not fit the model, naming both shapes', async () => {
    await expect(trainGenreModel(data, { model: 'addition' }, ctx)).rejects.toThrow(
      /model addition is not a classifier .*shape \[2\].*tones\.json holds samples of shape \[44, 13\]/,
    );
    await expect(trainGenreModel({ ...data, shape: [data.shape[0], 143, 4] }, { model: 'cnn' }, ctx)).rejects.toThrow(
      /tones\.json: samples of shape \[143, 4\] do not fit: model cnn needs samples of at least \[11, 11\]/,
    );
  });
});

describe('fit (compiled objective) with EarlyStopping', () => {
  it('stops early on a rising validation loss and restores the best weights', async () => {
    await withSeededMathRandom(4, async () => {
      // A learning rate far too high makes validation loss climb after the first epochs.
      const model = buildModel('mlp', [44, 13], 2, { learningRate: 0.5 });
      const x = tf.tensor(data.features, [data.shape[0], 44, 13]);
      const y = tf.tensor1d(Float32Array.from(data.labels));
      const idx = Int32Array.from({ length: data.shape[0] }, (_, i) => i);
      const lines: string[] = [];
      const progress = new KerasProgress({ write: (t: string) => lines.push(t) }, 30);
      const s = {
        features: data.features,
        labels: data.labels,
        frames: 44,
        bands: 13,
        numClasses: 2,
        inputShape: [44, 13],
      };
      const history = await fitSamples(model, s, idx.subarray(0, 24), idx.subarray(24), {
        epochs: 30,
        batchSize: 8,
        seed: 4,
        objective: 'compiled',
        callbacks: [new EarlyStopping(model, 2), progress],
      });
      expect(history.stoppedEarly).toBe(true);
      expect(history.epoch.length).toBe(history.bestEpoch + 2);
      const best = Math.min(...history.val_loss!);
      expect(history.val_loss![history.bestEpoch - 1]).toBe(best);
      const xv = tf.gather(x, tf.tensor1d(idx.subarray(24), 'int32'));
      const yv = tf.gather(y, tf.tensor1d(idx.subarray(24), 'int32'));
      const restored = (model.evaluate(xv, yv) as tf.Scalar[])[0].dataSync()[0];
      expect(restored).toBeCloseTo(best, 4);
      expect(lines.join('')).toMatch(/Early stopping after epoch \d+: val_loss has not improved for 2 epochs/);
      expect(lines[0]).toMatch(
        /^Epoch 1\/30 - 3\/3 ━+ \d+s \d+(ms|us)\/step - accuracy: \d\.\d{4} - loss: \d+\.\d{4} - val_accuracy: /,
      );
      tf.dispose([x, y, xv, yv]);
      disposeModel(model);
    });
  });
});

describe('recipes', () => {
  it('keeps the model recipe where an override leaves a field out', async () => {
    const r = await trainGenreModel(data, { model: 'mel-cnn', epochs: 1, augment: { mixup: 0.2 } }, ctx);
    expect(r.meta.training.recipe?.augment).toEqual({
      crop: true,
      specAugment: { freqMasks: 2, freqWidth: 0.125, timeMasks: 2, timeWidth: 0.15 },
      mixup: 0.2,
      placement: true,
    });
    disposeModel(r.model);
  });
});
