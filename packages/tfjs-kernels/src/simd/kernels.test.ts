import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import wabt from 'wabt';
import { initBackend } from '../backend';
import { randomValues } from '../kernels/__fixtures__/backends';
import { heapOffset } from '../kernels/kernel-utils';
import { simdKernels } from './kernels';
import { KERNELS_WASM_BASE64 } from './kernels-binary';

test('kernels-binary.ts is kernels.wat assembled (rerun tools/build-wasm-kernels.ts after editing the .wat)', async () => {
  const path = join(__dirname, 'kernels.wat');
  const module = (await wabt()).parseWat(path, readFileSync(path, 'utf8'), { simd: true });
  module.validate();
  expect(Buffer.from(module.toBinary({}).buffer).toString('base64')).toBe(KERNELS_WASM_BASE64);
});

test('adam matches the float64 formula on every lane and the scalar tail', async () => {
  await initBackend('wasm');
  const backend = tf.backend() as BackendWasm;
  const kernels = simdKernels(backend);
  expect(kernels).not.toBeNull();
  const n = 1027; // 256 vectors of four, then a tail of three
  const [w, g, m] = [1, 2, 3].map((seed) => tf.tensor1d(randomValues(n, seed)));
  const v = tf.tensor1d(randomValues(n, 4).map(Math.abs));
  const [wOut, mOut, vOut] = [0, 1, 2].map(() => tf.zeros([n]));
  const [b1, b2, eps, lr, c1, c2] = [0.9, 0.999, 1e-7, 0.01, 1 / 0.19, 1 / 0.001999];
  const at = (t: tf.Tensor) => heapOffset(backend, t);
  kernels?.adam(at(w), at(g), at(m), at(v), at(wOut), at(mOut), at(vOut), n, b1, b2, eps, -lr, c1, c2);
  const [wv, gv, mv, vv] = [w, g, m, v].map((t) => t.dataSync());
  const [w2, m2, v2] = [wOut, mOut, vOut].map((t) => t.dataSync());
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const mi = b1 * mv[i] + (1 - b1) * gv[i];
    const vi = b2 * vv[i] + (1 - b2) * gv[i] * gv[i];
    const wi = wv[i] - (lr * (mi * c1)) / (Math.sqrt(vi * c2) + eps);
    worst = Math.max(worst, Math.abs(m2[i] - mi), Math.abs(v2[i] - vi), Math.abs(w2[i] - wi));
  }
  // float32 arithmetic against float64: a few units in the last place of values below ~1.
  expect(worst).toBeLessThan(1e-6);
  tf.dispose([w, g, m, v, wOut, mOut, vOut]);
});
