import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, onBothBackends, randomValues } from './__fixtures__/backends';

describe('Tile on wasm matches the cpu backend', () => {
  const cases: [number[], number[]][] = [
    [
      [1, 1, 1, 5],
      [3, 4, 2, 1],
    ],
    [
      [2, 3],
      [2, 3],
    ],
    [[4], [3]],
    [
      [2, 1, 3],
      [1, 4, 2],
    ],
  ];
  test.each(cases)('x %j reps %j', async (shape, reps) => {
    const x = randomValues(
      shape.reduce((p, d) => p * d),
      8,
    );
    const r = await onBothBackends(() => tf.tile(tf.tensor(x, shape), reps));
    expect(r.wasm.length).toBe(x.length * reps.reduce((p, d) => p * d));
    expect(maxRelativeError(r.wasm, r.cpu)).toBe(0);
  });

  test('int32 values are tiled too', async () => {
    const r = await onBothBackends(() => tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 1]).toFloat());
    expect(Array.from(r.wasm)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });
});
