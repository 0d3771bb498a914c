import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { nativeOrNull, randomValues } from '../kernels/__fixtures__/backends';
import { registerWasmKernels } from '../register-kernels';
import { FastAdam, fastAdam } from './fast-adam';

/** Weights of a small dense model after three training steps with the given optimizer. */
async function train(
  makeOptimizer: () => tf.Optimizer,
  backend: 'wasm' | 'native' | 'cpu',
): Promise<{ weights: Float32Array[]; slots: string[] }> {
  await initBackend(backend === 'cpu' ? 'cpu' : 'wasm');
  // wasm: the WebAssembly Adam kernel; native: the addon's.
  if (backend !== 'cpu') registerWasmKernels(backend === 'native' ? nativeOrNull() : null);
  const optimizer = makeOptimizer();
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [6], units: 5, activation: 'relu', kernelInitializer: 'ones' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: 'ones' }));
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  const x = tf.tensor2d(randomValues(8 * 6, 12), [8, 6]);
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1]);
  for (let step = 0; step < 3; step++) await model.trainOnBatch(x, y);
  // Slot names without the layer counters, which differ between models.
  const slots = (await optimizer.getWeights()).map((w) => w.name.replace(/\d+/g, ''));
  return { weights: model.getWeights().map((w) => w.dataSync() as Float32Array), slots };
}

describe('FastAdam', () => {
  test('takes the same steps as tf.train.adam (WebAssembly and native fused kernels, cpu fallback)', async () => {
    const reference = await train(() => tf.train.adam(0.01), 'cpu');
    const native = nativeOrNull() === null ? [] : (['native'] as const);
    for (const backend of ['wasm', ...native, 'cpu'] as const) {
      const fast = await train(() => fastAdam(0.01), backend);
      expect(fast.slots).toEqual(reference.slots);
      expect(fast.weights).toHaveLength(4);
      for (let k = 0; k < fast.weights.length; k++) {
        for (let i = 0; i < fast.weights[k].length; i++) {
          // Three steps of 0.01 from the same start: agreement to float32 rounding.
          expect(Math.abs(fast.weights[k][i] - reference.weights[k][i])).toBeLessThan(1e-6);
        }
      }
    }
  });

  test('serialises as Adam with the same configuration', async () => {
    await initBackend('wasm');
    const opt = new FastAdam(1e-4, 0.9, 0.999);
    expect(opt.getClassName()).toBe('Adam');
    expect(opt.getConfig()).toEqual(tf.train.adam(1e-4, 0.9, 0.999).getConfig());
  });
});
