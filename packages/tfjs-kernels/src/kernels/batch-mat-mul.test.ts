import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, onBothBackends, randomValues } from './__fixtures__/backends';

// float32 sums of up to 300 products of values in [-1, 1): 1e-4 relative is a few ulps of the sum.
const TOLERANCE = 1e-4;

describe('BatchMatMul and _FusedMatMul on wasm match the cpu backend', () => {
  const cases: [number, number, number, boolean, boolean][] = [
    [32, 300, 64, false, false],
    [32, 300, 64, true, false],
    [32, 300, 64, false, true],
    [7, 5, 3, true, true],
    [1, 13, 256, true, false],
  ];
  test.each(cases)('m=%i k=%i n=%i transposeA=%s transposeB=%s', async (m, k, n, ta, tb) => {
    const aShape: [number, number] = ta ? [k, m] : [m, k];
    const bShape: [number, number] = tb ? [n, k] : [k, n];
    const a = randomValues(m * k, m + k);
    const b = randomValues(k * n, k + n);
    const bias = randomValues(n, n);
    const plain = await onBothBackends(() => tf.matMul(tf.tensor2d(a, aShape), tf.tensor2d(b, bShape), ta, tb));
    expect(plain.wasm.length).toBe(m * n);
    expect(maxRelativeError(plain.wasm, plain.cpu)).toBeLessThan(TOLERANCE);
    const fused = await onBothBackends(() =>
      tf.fused.matMul({
        a: tf.tensor2d(a, aShape),
        b: tf.tensor2d(b, bShape),
        transposeA: ta,
        transposeB: tb,
        bias: tf.tensor1d(bias),
        activation: 'relu',
      }),
    );
    expect(maxRelativeError(fused.wasm, fused.cpu)).toBeLessThan(TOLERANCE);
  });

  test('batched products keep the shipped path and stay correct', async () => {
    const a = randomValues(3 * 4 * 5, 1);
    const b = randomValues(3 * 6 * 5, 2);
    const r = await onBothBackends(() => tf.matMul(tf.tensor3d(a, [3, 4, 5]), tf.tensor3d(b, [3, 6, 5]), false, true));
    expect(r.wasm.length).toBe(3 * 4 * 6);
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
  });
});
