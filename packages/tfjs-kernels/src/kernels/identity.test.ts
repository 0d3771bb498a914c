import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';

describe('Identity on wasm shares the data', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  test('a clone reads the same values, adds no buffer, and outlives its source', async () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const buffers = tf.memory().numDataBuffers;
    const y = x.clone();
    expect(tf.memory().numDataBuffers).toBe(buffers);
    expect(y.shape).toEqual([2, 3]);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4, 5, 6]);
    const doubled = y.mul(2);
    expect(Array.from(await doubled.data())).toEqual([2, 4, 6, 8, 10, 12]);
    tf.dispose([y, doubled]);
  });

  test('the buffer is freed with the last tensor that shares it', () => {
    const buffersBefore = tf.memory().numDataBuffers;
    const x = tf.ones([64]);
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore + 1);
    x.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffersBefore + 1);
    y.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffersBefore);
  });

  test('a variable assigned after a clone leaves the clone as it was', async () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const snapshot = v.clone();
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(await snapshot.data())).toEqual([1, 2, 3]);
    tf.dispose([v, snapshot]);
  });

  test('a cast to the same dtype shares too; to another dtype it converts', async () => {
    const x = tf.tensor1d([1.5, -2, 3]);
    const buffers = tf.memory().numDataBuffers;
    const same = tf.cast(x, 'float32');
    expect(tf.memory().numDataBuffers).toBe(buffers);
    const ints = tf.cast(x, 'int32');
    expect(tf.memory().numDataBuffers).toBe(buffers + 1);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual([1, -2, 3]);
    x.dispose();
    expect(Array.from(await same.data())).toEqual([1.5, -2, 3]);
    tf.dispose([same, ints]);
  });
});
