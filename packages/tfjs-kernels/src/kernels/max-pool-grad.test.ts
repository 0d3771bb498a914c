import * as tf from '@tensorflow/tfjs';
import {
  maxRelativeError,
  onBothBackends,
  randomTensor4d,
  randomValues,
  squaredSumGrad,
} from './__fixtures__/backends';

type Case = [number[], number, number, 'valid' | 'same'];

describe('MaxPoolGrad on wasm matches the cpu backend', () => {
  const cases: Case[] = [
    [[2, 12, 7, 3], 3, 2, 'same'],
    [[2, 11, 6, 4], 2, 2, 'same'],
    [[1, 9, 8, 2], 3, 2, 'valid'],
    [[1, 5, 5, 1], 2, 1, 'valid'],
    [[2, 9, 7, 6], 3, 2, 'same'], // four channels at a time, then two one by one
  ];
  test.each(cases)('x %j pool %i stride %i pad %s', async (xShape, pool, stride, pad) => {
    const r = await onBothBackends(() =>
      squaredSumGrad((x) => tf.maxPool(x, pool, stride, pad), randomTensor4d(xShape, 7)),
    );
    expect(r.wasm.length).toBe(xShape.reduce((p, d) => p * d));
    // Each input receives a sum of at most a few squared values: exact up to float rounding.
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(1e-6);
  });

  test('ties (values in {-1, 0, 1}, as after relu and rounding) go to the same pixel as on cpu', async () => {
    const shape: [number, number, number, number] = [2, 10, 7, 5];
    const x = randomValues(
      shape.reduce((p, d) => p * d),
      11,
    ).map(Math.round);
    const r = await onBothBackends(() =>
      tf.grad((xt: tf.Tensor) =>
        tf
          .maxPool(xt as tf.Tensor4D, 3, 2, 'same')
          .mul(tf.range(1, 201).reshape([2, 5, 4, 5]))
          .sum(),
      )(tf.tensor4d(x, shape)),
    );
    // Each output's weight is distinct, so a tie sent to another pixel changes the result.
    expect(maxRelativeError(r.wasm, r.cpu)).toBe(0);
  });
});
