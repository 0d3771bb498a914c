import * as tf from '@tensorflow/tfjs';
import { lstmRecurrence } from '../layers/fast-lstm';
import { maxRelativeError, nativeOrNull, onBothBackends, randomTensor4d, randomValues } from './__fixtures__/backends';

const TOLERANCE = 1e-4;
const native = nativeOrNull();
const describeNative = native === null ? describe.skip : describe;

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

type ConvCase = [number[], number[], number | [number, number], 'valid' | 'same'];

// First layers (one channel: the direct loops for patches of ≤ 16 values), mel-cnn's blocks (im2col + GEMM),
// strides, 1×1 convolutions (the wide one reads its input as the patches), odd sizes.
const convCases: ConvCase[] = [
  [[2, 13, 9, 1], [3, 3, 1, 16], 1, 'same'],
  [[3, 12, 9, 1], [3, 3, 1, 20], 1, 'valid'],
  [[2, 8, 6, 16], [3, 3, 16, 32], 1, 'same'],
  [[2, 9, 9, 2], [2, 2, 2, 3], 2, 'valid'],
  [[2, 10, 7, 4], [3, 2, 4, 5], [2, 1], 'same'],
  [[3, 5, 4, 7], [1, 1, 7, 9], 1, 'valid'],
  [[2, 5, 4, 20], [1, 1, 20, 6], 1, 'valid'],
];

describeNative('native kernels on wasm match the cpu backend', () => {
  test.each(convCases)(
    'conv2d + bias + relu: x %j filter %j strides %j pad %s',
    async (xShape, fShape, strides, pad) => {
      const r = await onBothBackends(
        () =>
          tf.fused.conv2d({
            x: randomTensor4d(xShape, 1),
            filter: randomTensor4d(fShape, 2),
            strides,
            pad,
            bias: tf.tensor1d(randomValues(fShape[3] ?? 0, 3)),
            activation: 'relu',
          }),
        native,
      );
      expect(r.wasm.length).toBe(r.cpu.length);
      expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
    },
  );

  test.each(convCases)(
    'conv2d filter and input gradients: x %j filter %j strides %j pad %s',
    async (xShape, fShape, strides, pad) => {
      const loss = (x: tf.Tensor, w: tf.Tensor) =>
        tf
          .conv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad)
          .square()
          .sum();
      const r = await onBothBackends(() => {
        const [dx, dw] = tf.grads(loss)([randomTensor4d(xShape, 4), randomTensor4d(fShape, 5)]);
        return tf.concat([(dx as tf.Tensor).flatten(), (dw as tf.Tensor).flatten()]);
      }, native);
      expect(r.wasm.length).toBe(size(xShape) + size(fShape));
      expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
    },
  );

  test.each([
    [1, 1, 1, false, false],
    [7, 300, 17, false, true],
    [33, 513, 100, true, false],
    [32, 1690, 512, true, true],
  ])('matMul %i×%i by %i columns, transposeA %s transposeB %s, with bias and relu', async (m, k, n, tA, tB) => {
    const r = await onBothBackends(() => {
      const a = tf.tensor2d(randomValues(m * k, 6), tA ? [k, m] : [m, k]);
      const b = tf.tensor2d(randomValues(k * n, 7), tB ? [n, k] : [k, n]);
      const plain = tf.matMul(a, b, tA, tB);
      const fused = tf.fused.matMul({
        a,
        b,
        transposeA: tA,
        transposeB: tB,
        bias: tf.tensor1d(randomValues(n, 8)),
        activation: 'relu',
      });
      return tf.concat([plain.flatten(), fused.flatten()]);
    }, native);
    expect(r.wasm.length).toBe(2 * m * n);
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
  });

  test('batched products and other activations take the WebAssembly path and still match', async () => {
    const r = await onBothBackends(() => {
      const a = tf.tensor3d(randomValues(2 * 5 * 4, 9), [2, 5, 4]);
      const b = tf.tensor3d(randomValues(2 * 4 * 3, 10), [2, 4, 3]);
      const batched = tf.matMul(a, b);
      const elu = tf.fused.matMul({
        a: a.slice([0], [1]).squeeze([0]),
        b: b.slice([0], [1]).squeeze([0]),
        activation: 'elu',
      });
      return tf.concat([batched.flatten(), elu.flatten()]);
    }, native);
    expect(r.wasm.length).toBe(30 + 15);
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(TOLERANCE);
  });

  // cpu: the recurrence and its autodiff with ordinary ops; wasm: the native AudioDlLstmForward / Backward.
  test.each([
    [3, 9, 6, false],
    [3, 9, 6, true],
    [2, 15, 8, false],
    [5, 2, 1, true],
  ])('LSTM recurrence and its gradients: batch %i, steps %i, units %i, hard sigmoid %s', async (b, t, h, hard) => {
    const xw = randomValues(b * t * 4 * h, 2 * b + t);
    const u = randomValues(h * 4 * h, 3 * h);
    const weights = randomValues(b * t * h, 5);
    const r = await onBothBackends(() => {
      const recurrence = (x: tf.Tensor, w: tf.Tensor) => lstmRecurrence(x as tf.Tensor3D, w as tf.Tensor2D, hard);
      const loss = (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(recurrence(x, w), tf.tensor3d(weights, [b, t, h])));
      const x0 = tf.tensor3d(xw, [b, t, 4 * h]).mul(2);
      const u0 = tf.tensor2d(u, [h, 4 * h]);
      const [dx, du] = tf.grads(loss)([x0, u0]);
      return tf.concat([recurrence(x0, u0).flatten(), dx.flatten(), du.flatten()]);
    }, native);
    expect(r.wasm.length).toBe(b * t * h + b * t * 4 * h + h * 4 * h);
    expect(maxRelativeError(r.wasm, r.cpu)).toBeLessThan(1e-5);
  });

  test('relu gradient in one kernel: dy where x > 0, 0 elsewhere, NaN kept, as dy · step(x) on cpu', async () => {
    const values = randomValues(4 * 5 * 6, 11);
    values[3] = 0; // step(0) = 0
    values[7] = Number.NaN;
    const r = await onBothBackends(() => {
      const x = tf.tensor3d(values, [4, 5, 6]);
      const w = tf.tensor3d(randomValues(4 * 5 * 6, 12), [4, 5, 6]);
      return tf
        .grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), w)))(x)
        .flatten();
    }, native);
    expect(r.wasm.length).toBe(120);
    expect(Number.isNaN(r.wasm[7])).toBe(true);
    expect(Number.isNaN(r.cpu[7])).toBe(true);
    expect(r.wasm[3]).toBe(0);
    const finite = (a: Float32Array) => a.filter((_, i) => i !== 7);
    expect(maxRelativeError(finite(r.wasm), finite(r.cpu))).toBe(0);
  });
});
