import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { fastAdam } from '../optimizers/fast-adam';
import { fastBatchNorm } from './fast-batch-norm';
import { fastLstm } from './fast-lstm';

test('a model with every drop-in piece trains on wasm without leaking tensors', async () => {
  await initBackend('wasm');
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [12, 6, 1], filters: 4, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }));
  model.add(fastBatchNorm());
  model.add(tf.layers.reshape({ targetShape: [10, 4] }));
  model.add(fastLstm({ units: 3, returnSequences: true }));
  model.add(fastLstm({ units: 3 }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  model.compile({ optimizer: fastAdam(0.05), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.randomNormal([8, 12, 6, 1], 0, 1, 'float32', 1);
  const y = tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1]);
  const first = await model.fit(x, y, { batchSize: 4, epochs: 1, verbose: 0 });
  const tensors = tf.memory().numTensors;
  const later = await model.fit(x, y, { batchSize: 4, epochs: 5, verbose: 0 });
  expect(tf.memory().numTensors).toBe(tensors);
  const losses = [...(first.history.loss as number[]), ...(later.history.loss as number[])];
  expect(losses.every(Number.isFinite)).toBe(true);
  // Six epochs of Adam at 0.05 on eight samples: the loss goes down.
  expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
});
