import { mulberry32 } from '@audio-dl/dsp';
import { fastAdam } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { KerasProgress } from './callbacks/progress';
import { fitSamples } from './fit';
import { withSeededMathRandom } from './random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Two classes of 4-value samples (1 frame × 4 bands): around −1 and around +1.
const n = 64;
const rand = mulberry32(5);
const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
const features = Float32Array.from({ length: n * 4 }, (_, i) => labels[Math.floor(i / 4)] * 2 - 1 + rand() - 0.5);
const shape = { frames: 1, bands: 4, numClasses: 2, inputShape: [4] };
const rows = Int32Array.from({ length: n }, (_, i) => i);

function classifier(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: fastAdam(0.05), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe('fit', () => {
  it('trains a classifier from its logits: the loss falls, the classes separate, a seed repeats bit for bit', async () => {
    const run = () =>
      withSeededMathRandom(1, async () => {
        const model = classifier();
        const lines: string[] = [];
        const progress = new KerasProgress({ write: (t: string) => lines.push(t) }, 5);
        const history = await fitSamples(
          model,
          { ...shape, features, labels },
          rows.subarray(0, 48),
          rows.subarray(48),
          {
            epochs: 5,
            batchSize: 8,
            seed: 2,
            callbacks: [progress],
          },
        );
        const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
        model.dispose();
        return { history, weights, lines };
      });
    const a = await run();
    expect(a.history.epoch).toEqual([1, 2, 3, 4, 5]);
    expect(a.history.loss[4]).toBeLessThan(a.history.loss[0]);
    expect(a.history.val_accuracy?.[4]).toBeGreaterThan(0.9);
    expect(a.history.bestEpoch).toBe(5);
    expect(a.lines[0]).toMatch(
      /^Epoch 1\/5 - 6\/6 ━+ \d+s \d+(ms|us)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} - val_accuracy: /,
    );
    const b = await run();
    expect(b.weights).toEqual(a.weights);
    expect(b.history.loss).toEqual(a.history.loss);
  });

  it('trains a compiled regressor on its own loss with real-valued targets', async () => {
    const targets = Float32Array.from({ length: n }, (_, i) => features[4 * i] + features[4 * i + 1]);
    // A seeded initialiser: the loss curve, and so the assertion, is the same on every run.
    const kernelInitializer = tf.initializers.glorotUniform({ seed: 1 });
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1, kernelInitializer })] });
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const history = await fitSamples(
      model,
      { ...shape, numClasses: 1, features, labels, targets },
      rows,
      new Int32Array(0),
      {
        epochs: 20,
        batchSize: 16,
        seed: 1,
        objective: 'compiled',
      },
    );
    expect(Object.keys(history).sort()).toEqual(['bestEpoch', 'epoch', 'loss', 'seconds', 'stoppedEarly']);
    expect(history.loss[19]).toBeLessThan(0.1 * history.loss[0]);
    model.dispose();
  });

  it('refuses a logits run on a model without Adam, and an empty training part', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, activation: 'softmax' })] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'sparseCategoricalCrossentropy' });
    const s = { ...shape, features, labels };
    await expect(fitSamples(model, s, rows, rows, { epochs: 1, batchSize: 8, seed: 1 })).rejects.toThrow(
      'is not compiled with the Adam optimizer',
    );
    await expect(fitSamples(model, s, new Int32Array(0), rows, { epochs: 1, batchSize: 8, seed: 1 })).rejects.toThrow(
      'no training samples',
    );
    model.dispose();
  });
});
