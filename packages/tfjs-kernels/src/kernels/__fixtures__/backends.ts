import { loadNativeKernels, type NativeKernels } from '@audio-dl/native-kernels';
import { toolAvailable } from '@audio-dl/optional-tool';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../backend';
import { registerWasmKernels } from '../../register-kernels';

/** Deterministic uniform values in [-1, 1) (a small LCG, so failures reproduce). */
export function randomValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/**
 * The native kernels, which CI builds (CI, or AUDIO_DL_REQUIRE_NATIVE=1: missing ones throw); elsewhere null when
 * they were not built, and the tests that need them say so and skip.
 */
export function nativeOrNull(): NativeKernels | null {
  const load = loadNativeKernels();
  if (load.kernels === null && process.env.AUDIO_DL_REQUIRE_NATIVE === '1') throw new Error(load.reason);
  if (load.kernels === null) toolAvailable('native kernel', `${load.reason} (npm run build builds them)`);
  return load.kernels;
}

/**
 * Runs `compute` on the cpu backend (the reference) and on wasm with our kernels; returns both results.
 * `native` picks the kernels on wasm: the WebAssembly ones (default, as in a browser) or the native ones.
 */
export async function onBothBackends(
  compute: () => tf.Tensor,
  native: NativeKernels | null = null,
): Promise<{ cpu: Float32Array; wasm: Float32Array }> {
  await initBackend('cpu');
  const cpu = tf.tidy(compute);
  const cpuValues = (await cpu.data()) as Float32Array;
  cpu.dispose();
  await initBackend('wasm');
  registerWasmKernels(native);
  const wasm = tf.tidy(compute);
  const wasmValues = (await wasm.data()) as Float32Array;
  wasm.dispose();
  return { cpu: cpuValues, wasm: wasmValues };
}

/** Largest |a - b| / (1 + |b|): an absolute error for small values, relative for large sums. */
export function maxRelativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

/** A [batch, height, width, channels] tensor of `randomValues`, so test cases name only a shape and a seed. */
export function randomTensor4d(shape: readonly number[], seed: number): tf.Tensor4D {
  const [n, h, w, c] = shape;
  return tf.tensor4d(randomValues(n * h * w * c, seed), [n, h, w, c]);
}

/** The gradient of sum(op(x)²) at x: every output weighs in, with its own weight, so no path of a backward kernel
 * goes unchecked. */
export function squaredSumGrad(op: (x: tf.Tensor4D) => tf.Tensor, x: tf.Tensor4D): tf.Tensor {
  return tf.grad((t: tf.Tensor) =>
    op(t as tf.Tensor4D)
      .square()
      .sum(),
  )(x);
}
