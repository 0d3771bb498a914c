import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, onBothBackends, randomTensor4d, squaredSumGrad } from './__fixtures__/backends';

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
    const r = await onBothBackends(() => {
      const x = randomTensor4d(xShape, 3);
      return squaredSumGrad((w) => tf.conv2d(x, w, strides, pad), randomTensor4d(filterShape, 4));
    });
    expect(r.wasm.length).toBe(filterShape.reduce((p, d) => p * d));
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
  });
});
