import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, onBothBackends, randomValues } from './__fixtures__/backends';

describe('Sum and Mean on wasm match the cpu backend', () => {
  const cases: [number[], number | number[], boolean][] = [
    [[4, 6, 5, 3], [0, 1, 2], false],
    [[4, 6, 5, 3], [0, 1, 2], true],
    [[7, 3], 0, false],
    [[4, 6, 5], [1, 2], false],
    [[4, 6], [0, 1], false],
    [[3, 5, 2], [2, 0, 1], true],
    [[6, 5, 10], [0, 1], false], // ten columns: two of four at a time, then two one by one
    [[9, 8], 0, true], // eight columns: four at a time only
  ];
  test.each(cases)('x %j axis %j keepDims %s', async (shape, axis, keepDims) => {
    const x = randomValues(
      shape.reduce((p, d) => p * d),
      9,
    );
    const sum = await onBothBackends(() => tf.sum(tf.tensor(x, shape), axis, keepDims));
    expect(maxRelativeError(sum.wasm, sum.cpu)).toBeLessThan(1e-5);
    const mean = await onBothBackends(() => tf.mean(tf.tensor(x, shape), axis, keepDims));
    expect(maxRelativeError(mean.wasm, mean.cpu)).toBeLessThan(1e-5);
  });

  test('keepDims gives the same shape as the cpu backend', async () => {
    await onBothBackends(() => tf.zeros([1]));
    const shape = tf.sum(tf.ones([2, 3, 4]), [0, 1], true).shape;
    expect(shape).toEqual([1, 1, 4]);
  });
});
