import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { randomValues } from '../kernels/__fixtures__/backends';
import { FastBatchNorm } from './fast-batch-norm';

const X_SHAPE = [4, 5, 3, 6];

/** Training output, dx, dγ, dβ and the moving statistics after that step, for one layer. */
async function run(fast: boolean, backend: 'wasm' | 'cpu'): Promise<Float32Array[]> {
  await initBackend(backend);
  const layer = fast ? new FastBatchNorm({ name: 'bn' }) : tf.layers.batchNormalization({ name: 'bn' });
  layer.build(X_SHAPE);
  layer.setWeights([
    tf.tensor1d(randomValues(6, 1)).add(1),
    tf.tensor1d(randomValues(6, 2)),
    tf.tensor1d(randomValues(6, 3)),
    tf.tensor1d(randomValues(6, 4)).add(2),
  ]);
  const x = tf
    .tensor(randomValues(4 * 5 * 3 * 6, 5), X_SHAPE)
    .mul(3)
    .add(0.5);
  const w = tf.tensor(randomValues(4 * 5 * 3 * 6, 6), X_SHAPE);
  const loss = (input: tf.Tensor) => tf.sum(tf.mul(tf.square(layer.apply(input, { training: true }) as tf.Tensor), w));
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  const dx = tf.grad(loss)(x);
  const vars = layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
  const { grads } = tf.variableGrads(() => loss(x) as tf.Scalar, vars);
  const moving = layer.getWeights().slice(2);
  return [y, dx, ...vars.map((v) => grads[v.name]), ...moving].map((t) => t.dataSync() as Float32Array);
}

describe('FastBatchNorm matches tf.layers.batchNormalization', () => {
  test('training output, input and weight gradients, moving statistics (wasm and cpu)', async () => {
    const reference = await run(false, 'cpu');
    for (const backend of ['wasm', 'cpu'] as const) {
      const fast = await run(true, backend);
      expect(fast).toHaveLength(6);
      for (let k = 0; k < fast.length; k++) {
        expect(fast[k].length).toBe(reference[k].length);
        let worst = 0;
        for (let i = 0; i < fast[k].length; i++) {
          worst = Math.max(worst, Math.abs(fast[k][i] - reference[k][i]) / (1 + Math.abs(reference[k][i])));
        }
        // Same formulas in another order (sums of 60 terms): a few float32 ulps.
        expect(worst).toBeLessThan(1e-4);
      }
    }
  });

  test('inference uses the moving statistics and the layer saves as BatchNormalization', async () => {
    await initBackend('wasm');
    const model = tf.sequential();
    model.add(new FastBatchNorm({ inputShape: [3, 2], name: 'bn' }));
    model.layers[0].setWeights([tf.tensor1d([2, 3]), tf.tensor1d([1, -1]), tf.tensor1d([0.5, 1]), tf.tensor1d([4, 9])]);
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 3, 2]);
    const y = (model.predict(x) as tf.Tensor).dataSync();
    // (x - mean) / sqrt(var + 0.001) · gamma + beta, channel 0 of the first row: (1 - 0.5)/√4.001·2 + 1.
    expect(y[0]).toBeCloseTo((0.5 / Math.sqrt(4.001)) * 2 + 1, 5);
    const json = model.toJSON(null, false) as unknown as { config: { layers: { class_name: string }[] } };
    expect(json.config.layers[0].class_name).toBe('BatchNormalization');
  });

  test('refuses a layer without scale or centre', () => {
    expect(() => new FastBatchNorm({ scale: false })).toThrow(/center and scale/);
  });
});
