// Training throughput of the genre models on TensorFlow.js, against PyTorch CPU (issue 6).
// Run: npx tsx tools/bench/train-throughput.ts [--model mlp|cnn|lstm] [--backend wasm|cpu|tensorflow]
//        [--samples N] [--chunks K] [--layers package|fast|tfjs]
// Random data of 130×13 MFCC frames, 10 classes, batch 32, Adam 1e-4, sparse categorical cross-entropy.
// Each chunk is one epoch over --samples samples; the figure is the median chunk after a warm-up,
// extrapolated to 7000 samples (the issue's epoch).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { buildModel } from '@audio-dl/genre-model';
import { fastAdam, fastBatchNorm, fastLstm } from '@audio-dl/tfjs-kernels';
import { backendInfo, initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { median } from './harness';

const FRAMES = 130;
const MFCC = 13;
const CLASSES = 10;
const BATCH = 32;
const EPOCH_SAMPLES = 7000;
// PyTorch 1.13.1 CPU on this machine, same architectures and sizes (issue 6), in samples/s.
const PYTORCH: Record<ModelName, number> = { mlp: 2745, cnn: 1675, lstm: 645 };

type ModelName = 'mlp' | 'cnn' | 'lstm';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp' },
    backend: { type: 'string', default: 'wasm' },
    samples: { type: 'string', default: '1024' },
    chunks: { type: 'string', default: '5' },
    layers: { type: 'string', default: 'package' },
  },
});
const model = values.model as ModelName;
if (!['mlp', 'cnn', 'lstm'].includes(model)) throw new Error(`--model must be mlp, cnn or lstm, got ${values.model}`);
const backend = values.backend as 'wasm' | 'cpu' | 'tensorflow';
if (!['wasm', 'cpu', 'tensorflow'].includes(backend)) throw new Error(`--backend must be wasm, cpu or tensorflow`);
const samples = Number(values.samples);
const chunks = Number(values.chunks);
if (!Number.isInteger(samples) || samples < BATCH) throw new Error(`--samples must be an integer ≥ ${BATCH}`);
if (!Number.isInteger(chunks) || chunks < 1) throw new Error('--chunks must be a positive integer');
if (!['package', 'fast', 'tfjs'].includes(values.layers ?? ''))
  throw new Error('--layers must be package, fast or tfjs');

/**
 * `--layers package`: the package's own models (`buildModel`), as `audio-dl train` builds them.
 * `--layers fast`: the issue's architectures with this package's drop-in pieces everywhere: `FastBatchNorm`,
 * `FastLstm` with sigmoid gates (Keras' and PyTorch's default) and the fused `FastAdam`.
 * `--layers tfjs`: the same architectures with plain tf.layers and `tf.train.adam` (our kernels only).
 */
function build(name: ModelName): tf.LayersModel {
  const fast = values.layers === 'fast';
  const optimizer = () => (fast ? fastAdam(1e-4) : tf.train.adam(1e-4));
  if (values.layers === 'package') return buildModel(name, [FRAMES, MFCC], CLASSES);
  const m = tf.sequential();
  if (name === 'mlp') {
    m.add(tf.layers.flatten({ inputShape: [FRAMES, MFCC] }));
    for (const units of [512, 256, 64]) m.add(tf.layers.dense({ units, activation: 'relu' }));
  } else if (name === 'cnn') {
    [3, 3, 2].forEach((k, i) => {
      const first = i === 0 ? { inputShape: [FRAMES, MFCC, 1] } : {};
      m.add(tf.layers.conv2d({ filters: 32, kernelSize: k, activation: 'relu', ...first }));
      m.add(tf.layers.maxPooling2d({ poolSize: k, strides: 2, padding: 'same' }));
      m.add(fast ? fastBatchNorm() : tf.layers.batchNormalization());
    });
    m.add(tf.layers.flatten());
  } else {
    const lstm = fast ? fastLstm : tf.layers.lstm;
    m.add(lstm({ units: 64, returnSequences: true, inputShape: [FRAMES, MFCC], recurrentActivation: 'sigmoid' }));
    m.add(lstm({ units: 64, recurrentActivation: 'sigmoid' }));
  }
  if (name !== 'mlp') {
    m.add(tf.layers.dense({ units: 64, activation: 'relu' }));
    m.add(tf.layers.dropout({ rate: 0.3 }));
  }
  m.add(tf.layers.dense({ units: CLASSES, activation: 'softmax' }));
  m.compile({ optimizer: optimizer(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

async function main(): Promise<void> {
  const used = await initBackend(backend);
  const info = backendInfo();
  const net = build(model);
  const shape = model === 'cnn' ? [samples, FRAMES, MFCC, 1] : [samples, FRAMES, MFCC];
  const x = tf.randomNormal(shape);
  const y = tf.randomUniform([samples], 0, CLASSES, 'int32').toFloat();
  const warm = tf.randomNormal([BATCH * 2, ...shape.slice(1)]);
  await net.fit(warm, y.slice(0, BATCH * 2), { batchSize: BATCH, epochs: 1, verbose: 0 });

  // Wall time is what a user waits; process CPU time (one thread: wasm threads are off in Node) is what
  // the work costs, and stays meaningful when other jobs share the machine's two cores.
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    await net.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: true });
    const cpu = process.cpuUsage(cpu0);
    rates.push(samples / ((performance.now() - start) / 1000));
    cpuRates.push(samples / ((cpu.user + cpu.system) / 1e6));
    console.log(
      `chunk ${c + 1}/${chunks}: ${rates[c].toFixed(1)} samples/s wall, ${cpuRates[c].toFixed(1)} per CPU-second`,
    );
  }
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, load ${os.loadavg()[0].toFixed(2)}`);
  console.log(
    `backend: ${used} (tfjs ${info.tfjsVersion}${used === 'wasm' ? `, SIMD ${info.wasmSimd}, threads ${info.wasmThreads}` : ''})`,
  );
  console.log(
    `model: ${model} (${values.layers} layers), ${net.countParams().toLocaleString('en-US')} params; ${samples} samples per chunk`,
  );
  const line = (label: string, rate: number) =>
    `${label}: ${rate.toFixed(1)} samples/s = ${(EPOCH_SAMPLES / rate).toFixed(1)} s per 7000-sample epoch; ` +
    `PyTorch CPU ${PYTORCH[model]} samples/s → ratio ${(rate / PYTORCH[model]).toFixed(3)}`;
  console.log(line('median wall', median(rates)));
  console.log(line('median per CPU-second', median(cpuRates)));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
