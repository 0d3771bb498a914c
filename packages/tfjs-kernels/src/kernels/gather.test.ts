import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { maxRelativeError, onBothBackends, randomValues } from './__fixtures__/backends';

describe('GatherV2 on wasm matches the cpu backend', () => {
  const x = randomValues(7 * 5 * 3, 9);
  test.each([
    [[6, 0, 3, 3], [4], 0],
    [
      [
        [1, 2],
        [6, 6],
      ],
      [2, 2],
      0,
    ],
    [[2, 0], [2], 1], // another axis: the shipped kernel
    [[4, 1, 0], [3], -3], // axis 0 written from the end
  ])('indices %j (shape %j) axis %i', async (values, shape, axis) => {
    const r = await onBothBackends(() =>
      tf.gather(tf.tensor3d(x, [7, 5, 3]), tf.tensor(values.flat(), shape, 'int32'), axis),
    );
    const expectedLength = axis === 1 ? 7 * 3 * 2 : shape.reduce((p, d) => p * d) * 15;
    expect(r.wasm.length).toBe(expectedLength);
    expect(maxRelativeError(r.wasm, r.cpu)).toBe(0);
  });

  test('int32 data keeps its type; an index out of range is refused', async () => {
    await initBackend('wasm');
    const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const picked = tf.gather(ints, tf.tensor1d([2, 0], 'int32'));
    expect(picked.dtype).toBe('int32');
    expect(Array.from(picked.dataSync())).toEqual([5, 6, 1, 2]);
    expect(() => tf.gather(ints, tf.tensor1d([3], 'int32'))).toThrow(/index value 3 is not in \[0, 2\]/);
    tf.dispose([ints, picked]);
  });
});
