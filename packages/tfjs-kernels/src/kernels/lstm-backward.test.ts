import * as tf from '@tensorflow/tfjs';
import { lstmRecurrence } from '../layers/fast-lstm';
import { maxRelativeError, onBothBackends, randomValues } from './__fixtures__/backends';

// Gradients of a weighted sum of all hidden states with respect to xw and u: autodiff of the ops on
// cpu, AudioDlLstmBackward (plus one matmul for u) on wasm.
describe('AudioDlLstmBackward on wasm matches autodiff of the recurrence on cpu', () => {
  const cases: [number, number, number, boolean][] = [
    [3, 9, 6, false],
    [3, 9, 6, true],
    [2, 15, 8, false],
  ];
  test.each(cases)('batch %i, steps %i, units %i, hard sigmoid %s', async (b, t, h, hard) => {
    const xw = randomValues(b * t * 4 * h, 2 * b + t);
    const u = randomValues(h * 4 * h, 3 * h);
    const weights = randomValues(b * t * h, 5);
    const r = await onBothBackends(() => {
      const loss = (x: tf.Tensor, w: tf.Tensor) =>
        tf.sum(tf.mul(lstmRecurrence(x as tf.Tensor3D, w as tf.Tensor2D, hard), tf.tensor3d(weights, [b, t, h])));
      const [dx, du] = tf.grads(loss)([tf.tensor3d(xw, [b, t, 4 * h]).mul(2), tf.tensor2d(u, [h, 4 * h])]);
      return tf.concat([dx.flatten(), du.flatten()]);
    });
    expect(r.wasm.length).toBe(b * t * 4 * h + h * 4 * h);
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(1e-5);
  });
});
