import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { randomValues } from './__fixtures__/backends';

// The shipped wasm backend has no Conv2DBackpropFilter kernel, so this step threw before our kernels.
test('a tiny CNN (conv, max-pool, batch norm, dense, dropout) trains one step on wasm', async () => {
  await initBackend('wasm');
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [12, 7, 1], filters: 4, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.conv2d({ filters: 4, kernelSize: 2, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.tensor4d(randomValues(6 * 12 * 7, 11), [6, 12, 7, 1]);
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2]);
  const before = model.layers[0].getWeights()[0].dataSync().slice();
  const loss = await model.trainOnBatch(x, y);
  expect(tf.getBackend()).toBe('wasm');
  expect(Number.isFinite(loss as number)).toBe(true);
  const after = model.layers[0].getWeights()[0].dataSync();
  let changed = 0;
  for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) changed++;
  expect(changed).toBe(after.length);
});
