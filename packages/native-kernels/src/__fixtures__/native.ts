// What the native-kernels test files share: the loaded addon (or a one-line skip when it is not built, which CI
// forbids, as does AUDIO_DL_REQUIRE_NATIVE=1) and seeded random inputs.
import { toolAvailable } from '@audio-dl/optional-tool';
import { loadNativeKernels, type NativeKernels } from '../index';

const load = loadNativeKernels();
if (load.kernels === null && process.env.AUDIO_DL_REQUIRE_NATIVE === '1') throw new Error(load.reason);
if (load.kernels === null) toolAvailable('native kernel', `${load.reason} (npm run build builds them)`);

export const native: NativeKernels | null = load.kernels;
export const describeNative = native === null ? describe.skip : describe;

/** n values in [-1, 1) from a linear congruential generator. */
export function random(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** The largest absolute difference between a result and its float64 reference. */
export function maxError(actual: Float32Array, expected: Float64Array): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}
