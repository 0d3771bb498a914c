import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, onBothBackends, randomTensor4d, squaredSumGrad } from './__fixtures__/backends';

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
    const r = await onBothBackends(() => {
      const f = randomTensor4d(filterShape, 6);
      return squaredSumGrad((x) => tf.conv2d(x, f, stride, pad), randomTensor4d(xShape, 5));
    });
    expect(r.wasm.length).toBe(xShape.reduce((p, d) => p * d));
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
  });
});
