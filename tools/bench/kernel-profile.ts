// Where one training batch of a genre model spends its time, kernel by kernel, on the wasm backend (issue 6):
// every registered wasm kernel is wrapped with a timer, then one epoch is trained on random data.
// Run: npx tsx tools/bench/kernel-profile.ts [--model mlp|cnn|lstm|mel-cnn] [--samples 256] [--top 20] [--batch 32]
// (mel-cnn on 130 × 64 log-mel frames, the others on 130 × 13 MFCCs)
import { parseArgs } from 'node:util';
import { buildModel, modelNames } from '@audio-dl/genre-model';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'cnn' },
    samples: { type: 'string', default: '256' },
    top: { type: 'string', default: '20' },
    batch: { type: 'string', default: '32' },
  },
});
const model = values.model ?? 'cnn';
if (!['mlp', 'cnn', 'lstm', 'mel-cnn'].includes(model))
  throw new Error(`--model must be mlp, cnn, lstm or mel-cnn, got ${model}`);
const samples = Number(values.samples);
const top = Number(values.top);
if (!Number.isInteger(samples) || samples < 64 || samples % 32 !== 0) {
  throw new Error('--samples must be a multiple of 32, at least 64');
}
if (!Number.isInteger(top) || top < 1) throw new Error('--top must be a positive integer');
const BATCH = Number(values.batch);
if (!Number.isInteger(BATCH) || BATCH < 1 || samples % BATCH !== 0) {
  throw new Error('--batch must be a positive integer dividing --samples');
}

async function main(): Promise<void> {
  await initBackend('wasm');
  const name = modelNames.find((m) => m === model) ?? 'cnn';
  const net = buildModel(name, [130, name === 'mel-cnn' ? 64 : 13], 10);
  // The CNN takes [frames, nMfcc, 1]: shape the data as the model's input says.
  const x = tf.randomNormal([samples, ...net.inputs[0].shape.slice(1).map((d) => d ?? 1)]);
  const y = tf.randomUniform([samples], 0, 10, 'int32').toFloat();
  // Warm-up batches first, so the timings exclude compilation and first-use allocation.
  await net.fit(x.slice(0, 2 * BATCH), y.slice(0, 2 * BATCH), { batchSize: BATCH, epochs: 1, verbose: 0 });

  const spent = new Map<string, { ms: number; calls: number }>();
  for (const config of tf.getKernelsForBackend('wasm')) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const start = performance.now();
        const result = inner(args);
        const first = Object.values(args.inputs)[0];
        const key = `${config.kernelName} ${JSON.stringify(first?.shape ?? [])}`;
        const entry = spent.get(key) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - start;
        entry.calls++;
        spent.set(key, entry);
        return result;
      },
    });
  }
  const start = performance.now();
  await net.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
  const total = performance.now() - start;
  const batches = samples / BATCH;
  const rows = [...spent].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`${name}: ${batches} batches of ${BATCH}; ms per batch, calls per batch, kernel and first input shape`);
  for (const [key, { ms, calls }] of rows.slice(0, top)) {
    console.log(`${(ms / batches).toFixed(2).padStart(8)} ${(calls / batches).toFixed(1).padStart(5)}  ${key}`);
  }
  const kernels = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  console.log(`kernels ${(kernels / batches).toFixed(1)} ms per batch of ${(total / batches).toFixed(1)} ms in all`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
