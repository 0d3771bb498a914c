import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { augmentSchema, trackRuns, withSeededMathRandom } from '@audio-dl/trainer';
import * as tf from '@tensorflow/tfjs';
import { fitRecipe } from './__fixtures__/fit-recipe';
import { toneDataset } from './__fixtures__/tones';
import { buildModel, disposeModel } from './models';
import { splitData } from './split';

jest.setTimeout(180_000);

beforeAll(async () => {
  await initBackend('wasm');
});

// 2 genres × 8 tracks × 2 segments of 44 × 13 raw (unstandardised) MFCCs: coefficient 0 sits near −300.
const data = toneDataset(8);
const [n, frames, bands] = data.shape;
const samples = (features: Float32Array, inputShape = [frames, bands]) => ({
  features,
  frames,
  bands,
  labels: data.labels,
  numClasses: 2,
  inputShape,
});
const plain = {
  epochs: 6,
  batchSize: 8,
  learningRate: 1e-4,
  schedule: 'constant' as const,
  weightDecay: 0,
  labelSmoothing: 0,
  augment: augmentSchema.parse({}),
  runs: [],
  seed: 1,
};

// The trainer's loop with the model zoo's classifiers and their recipes (schedules, weight decay, augmentation).
describe('fit with a recipe', () => {
  it('on raw MFCCs the loss from logits falls from the first epoch (the course mlp, no standardisation)', async () => {
    expect(Math.min(...data.features)).toBeLessThan(-150);
    const split = splitData(data, { kind: 'track', testSize: 0.25, valSize: 0.2, seed: 1 });
    const history = await withSeededMathRandom(1, async () => {
      const model = buildModel('mlp', [frames, bands], 2);
      const h = await fitRecipe(model, samples(data.features), split.train, split.val, plain);
      disposeModel(model);
      return h;
    });
    // Through the clipped softmax Keras' loss sat at ≈ 15 for the whole run; from the logits it keeps falling.
    expect(history.loss[1]).toBeLessThan(history.loss[0]);
    expect(history.loss[history.loss.length - 1]).toBeLessThan(history.loss[0] / 2);
    expect(history.loss[history.loss.length - 1]).toBeLessThan(0.1);
    expect(history.accuracy?.[history.accuracy.length - 1]).toBeGreaterThan(0.9);
  });

  it('weight decay shrinks the kernels of every model, not only of the first one built in the process', async () => {
    const split = splitData(data, { kind: 'track', testSize: 0.25, valSize: 0.2, seed: 1 });
    const features = data.features.map((v) => v / 100);
    const kernelNorm = (weightDecay: number) =>
      withSeededMathRandom(3, async () => {
        disposeModel(buildModel('mlp', [frames, bands], 2)); // so the next model's names get tfjs' `_N` suffix
        const model = buildModel('mlp', [frames, bands], 2);
        expect(model.trainableWeights[0].name).not.toBe(model.trainableWeights[0].originalName);
        await fitRecipe(model, samples(features), split.train, split.val, { ...plain, epochs: 1, weightDecay });
        const norm = model.trainableWeights
          .filter((w) => w.originalName.endsWith('kernel'))
          .reduce((sum, w) => sum + tf.tidy(() => tf.sum(tf.square(w.read())).dataSync()[0]), 0);
        disposeModel(model);
        return norm;
      });
    // lr 1e-4 × decay 1000 = 10 % off every kernel per step, over ⌈training rows / 8⌉ steps.
    expect(await kernelNorm(1000)).toBeLessThan(0.7 * (await kernelNorm(0)));
  });

  it('augments training samples only: no validation or test row reaches a training batch', async () => {
    const split = splitData(data, { kind: 'track', testSize: 0.25, valSize: 0.2, seed: 2 });
    // Held-out rows carry a sentinel no training row has; any crop, mix or copy of them would show it.
    const features = data.features.map((v) => v / 1000);
    for (const i of [...split.val, ...split.test]) features.fill(1e6, i * frames * bands, (i + 1) * frames * bands);
    let largest = 0;
    let batches = 0;
    await withSeededMathRandom(2, async () => {
      const model = buildModel('mel-cnn', [frames, bands], 2);
      const first = model.layers[0];
      const apply = first.apply.bind(first);
      first.apply = ((x: tf.Tensor, kwargs?: { training?: boolean }) => {
        if (kwargs?.training) {
          largest = Math.max(
            largest,
            tf.tidy(() => tf.max(tf.abs(x)).dataSync()[0]),
          );
          batches++;
        }
        return apply(x, kwargs);
      }) as typeof first.apply;
      const history = await fitRecipe(model, samples(features, [frames, bands, 1]), split.train, split.val, {
        ...plain,
        epochs: 2,
        labelSmoothing: 0.1,
        augment: augmentSchema.parse({ crop: true, specAugment: {}, mixup: 0.4 }),
        runs: trackRuns(split.train, data.tracks, data.segments, data.labels),
      });
      expect(history.val_loss).toHaveLength(2);
      disposeModel(model);
    });
    expect(batches).toBe(2 * Math.ceil(split.train.length / 8));
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(1);
  });

  it('gives the same weights for the same seed with every augmentation on', async () => {
    const split = splitData(data, { kind: 'track', testSize: 0.25, valSize: 0.2, seed: 3 });
    const opts = {
      ...plain,
      epochs: 2,
      schedule: 'one-cycle' as const,
      weightDecay: 0.01,
      labelSmoothing: 0.1,
      augment: augmentSchema.parse({ crop: true, specAugment: {}, mixup: 0.2 }),
      runs: trackRuns(split.train, data.tracks, data.segments, data.labels),
    };
    const run = () =>
      withSeededMathRandom(3, async () => {
        const model = buildModel('mel-cnn', [frames, bands], 2);
        const h = await fitRecipe(
          model,
          samples(
            data.features.map((v) => v / 100),
            [frames, bands, 1],
          ),
          split.train,
          split.val,
          opts,
        );
        const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
        disposeModel(model);
        return { h, weights };
      });
    const a = await run();
    const b = await run();
    expect(b.h.loss).toEqual(a.h.loss);
    expect(b.weights).toEqual(a.weights);
    expect(n).toBe(32);
  });
});
