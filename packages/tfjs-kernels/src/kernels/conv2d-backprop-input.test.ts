import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, onBothBackends, randomValues } from './__fixtures__/backends';

const TOLERANCE = 1e-4;

type Case = [number[], number[], number, 'valid' | 'same'];

describe('Conv2DBackpropInput on wasm matches the cpu backend', () => {
  const cases: Case[] = [
    [[2, 9, 7, 3], [3, 3, 3, 4], 1, 'valid'],
    [[2, 8, 6, 4], [3, 3, 4, 5], 1, 'same'],
    [[1, 6, 5, 2], [2, 2, 2, 3], 1, 'same'],
    [[1, 9, 9, 2], [3, 3, 2, 3], 2, 'same'],
  ];
  test.each(cases)('x %j filter %j stride %i pad %s', async (xShape, filterShape, stride, pad) => {
    const x = randomValues(
      xShape.reduce((p, d) => p * d),
      5,
    );
    const f = randomValues(
      filterShape.reduce((p, d) => p * d),
      6,
    );
    const r = await onBothBackends(() => {
      const ft = tf.tensor4d(f, filterShape as [number, number, number, number]);
      const grad = tf.grad((xt: tf.Tensor) =>
        tf
          .conv2d(xt as tf.Tensor4D, ft, stride, pad)
          .square()
          .sum(),
      );
      return grad(tf.tensor4d(x, xShape as [number, number, number, number]));
    });
    expect(r.wasm.length).toBe(x.length);
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
  });
});
