import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, onBothBackends, randomValues } from './__fixtures__/backends';

const TOLERANCE = 1e-4;

type Case = [number[], number[], number | [number, number], 'valid' | 'same'];

describe('Conv2DBackpropFilter on wasm matches the cpu backend', () => {
  const cases: Case[] = [
    [[2, 9, 7, 1], [3, 3, 1, 4], 1, 'valid'],
    [[3, 12, 9, 1], [3, 3, 1, 20], 1, 'valid'], // SIMD product: 16 + 4 columns, 210 rows of dy in blocks
    [[2, 8, 6, 3], [3, 3, 3, 5], 1, 'same'],
    [[1, 9, 9, 2], [2, 2, 2, 3], 2, 'valid'],
    [[2, 10, 7, 4], [3, 2, 4, 2], [2, 1], 'same'],
  ];
  test.each(cases)('x %j filter %j strides %j pad %s', async (xShape, filterShape, strides, pad) => {
    const x = randomValues(
      xShape.reduce((p, d) => p * d),
      3,
    );
    const f = randomValues(
      filterShape.reduce((p, d) => p * d),
      4,
    );
    const r = await onBothBackends(() => {
      const xt = tf.tensor4d(x, xShape as [number, number, number, number]);
      const grad = tf.grad((w: tf.Tensor) =>
        tf
          .conv2d(xt, w as tf.Tensor4D, strides, pad)
          .square()
          .sum(),
      );
      return grad(tf.tensor4d(f, filterShape as [number, number, number, number]));
    });
    expect(r.wasm.length).toBe(f.length);
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
  });
});
