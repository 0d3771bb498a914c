import * as tf from '@tensorflow/tfjs';
import { lstmRecurrence } from '../layers/fast-lstm';
import { maxRelativeError, onBothBackends, randomValues } from './__fixtures__/backends';

// cpu computes the recurrence with ordinary ops; wasm with AudioDlLstmForward.
describe('AudioDlLstmForward on wasm matches the recurrence computed with ops on cpu', () => {
  const cases: [number, number, number, boolean][] = [
    [3, 9, 6, false],
    [3, 9, 6, true],
    [1, 20, 16, false],
    [5, 2, 1, true],
  ];
  test.each(cases)('batch %i, steps %i, units %i, hard sigmoid %s', async (b, t, h, hard) => {
    const xw = randomValues(b * t * 4 * h, b + t);
    const u = randomValues(h * 4 * h, h);
    const r = await onBothBackends(() =>
      lstmRecurrence(tf.tensor3d(xw, [b, t, 4 * h]).mul(2), tf.tensor2d(u, [h, 4 * h]), hard),
    );
    expect(r.wasm.length).toBe(b * t * h);
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(1e-5);
  });
});
