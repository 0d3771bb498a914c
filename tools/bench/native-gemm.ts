// GFLOP/s of @audio-dl/native-kernels' matrix product on shapes training meets, with 1 and 2 threads (issue 13).
// Run: npx tsx tools/bench/native-gemm.ts [--ms 400]
import { parseArgs } from 'node:util';
import { loadNativeKernels } from '@audio-dl/native-kernels';
import { z } from 'zod';

const { values } = parseArgs({ options: { ms: { type: 'string', default: '400' } } });
const { ms } = z.object({ ms: z.coerce.number().positive() }).parse(values);

// [M, N, K, what]: row-major A [M × K] times B [K × N].
const SHAPES: [number, number, number, string][] = [
  [8320, 32, 144, "mel-cnn block 2's convolution over 4 images' patches"],
  [3968, 32, 288, "cnn layer 2's convolution, 16 rows"],
  [32, 512, 1690, "mlp's first dense layer, a batch of 32"],
  [2048, 512, 1690, 'a large square-ish product'],
];

const load = loadNativeKernels();
if (load.kernels === null) throw new Error(`native kernels not available: ${load.reason}`);
const native = load.kernels;
console.log(`micro-kernel ${native.kernel}; median of repeated calls over ${ms} ms per shape and thread count`);
for (const [M, N, K, what] of SHAPES) {
  const a = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i));
  const c = new Float32Array(M * N);
  const rates = [1, 2].map((threads) => {
    native.setThreads(threads);
    native.matMul(M, N, K, a, false, b, false, c, null, 0);
    const times: number[] = [];
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const start = performance.now();
      native.matMul(M, N, K, a, false, b, false, c, null, 0);
      times.push(performance.now() - start);
    }
    times.sort((x, y) => x - y);
    const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
    return (2 * M * N * K) / (median / 1000) / 1e9;
  });
  native.setThreads(1);
  console.log(
    `${M} × ${N} × ${K} (${what}): ${rates[0]?.toFixed(1)} GFLOP/s on 1 thread, ${rates[1]?.toFixed(1)} on 2`,
  );
}
