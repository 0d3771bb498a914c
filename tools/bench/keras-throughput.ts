// Training throughput of audio-dl against Keras 3 / TensorFlow CPU, side by side in one run (issue 13).
// Run: npx tsx tools/bench/keras-throughput.ts [--models mlp,cnn,lstm,mel-cnn] [--threads 1,2]
//        [--samples 1024] [--chunks 5] [--python ~/.cache/audio-dl/venv-keras/bin/python]
// Per model: audio-dl's training loop (`fitClassifier`, as `audio-dl train` runs it) with each thread count, then
// tools/bench/keras-throughput.py, on random inputs (130×13 MFCC frames; 130×64 log-mel for mel-cnn), 10 classes,
// batch 32, Adam 1e-4, no augmentation; one epoch per chunk after a warm-up epoch; medians of wall and CPU time.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  augmentSchema,
  disposeModel,
  fitClassifier,
  initBackend,
  KerasProgress,
  type ModelName,
  modelSpec,
} from '@audio-dl/genre-model';
import { z } from 'zod';

const MODELS = ['mlp', 'cnn', 'lstm', 'mel-cnn'] as const;
const CLASSES = 10;
const BATCH = 32;
const BANDS: Record<(typeof MODELS)[number], number> = { mlp: 13, cnn: 13, lstm: 13, 'mel-cnn': 64 };
const FRAMES = 130;

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: MODELS.join(',') },
    threads: { type: 'string', default: `1,${os.availableParallelism()}` },
    samples: { type: 'string', default: '1024' },
    chunks: { type: 'string', default: '5' },
    python: { type: 'string', default: path.join(os.homedir(), '.cache/audio-dl/venv-keras/bin/python') },
  },
});
const flags = z
  .object({
    models: z.array(z.enum(MODELS)).min(1),
    threads: z.array(z.coerce.number().int().positive()).min(1),
    samples: z.coerce.number().int().min(BATCH),
    chunks: z.coerce.number().int().positive(),
    python: z.string(),
  })
  .parse({ ...values, models: values.models?.split(','), threads: values.threads?.split(',') });

interface Rates {
  wall: number;
  cpu: number;
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Records the wall and process CPU time (every thread) of each epoch. */
class Timer extends KerasProgress {
  readonly epochs: Rates[] = [];
  private wall0 = 0;
  private cpu0 = process.cpuUsage();
  constructor() {
    super({ write: () => true }, 0);
  }
  override onEpochBegin(): void {
    this.wall0 = performance.now();
    this.cpu0 = process.cpuUsage();
  }
  override onBatchEnd(): void {}
  override onEpochEnd(): void {
    const cpu = process.cpuUsage(this.cpu0);
    this.epochs.push({ wall: (performance.now() - this.wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
  }
}

async function audioDl(name: ModelName, threads: number): Promise<Rates & { all: number[] }> {
  const bands = BANDS[name as (typeof MODELS)[number]];
  const spec = modelSpec(name);
  const inputShape = spec.inputShape([FRAMES, bands]);
  const model = spec.build(inputShape, CLASSES, { learningRate: 1e-4 });
  const n = flags.samples;
  const features = Float32Array.from({ length: n * FRAMES * bands }, () => Math.random() * 2 - 1);
  const labels = Int32Array.from({ length: n }, (_, i) => i % CLASSES);
  const timer = new Timer();
  await fitClassifier(
    model,
    { features, frames: FRAMES, bands, labels, numClasses: CLASSES, inputShape },
    Int32Array.from({ length: n }, (_, i) => i),
    new Int32Array(0),
    {
      epochs: flags.chunks + 1,
      batchSize: BATCH,
      learningRate: 1e-4,
      schedule: 'constant',
      weightDecay: 0,
      labelSmoothing: 0,
      augment: augmentSchema.parse({}),
      runs: [],
      seed: 1,
      progress: timer,
      threads,
      modelName: name,
    },
  );
  disposeModel(model);
  const timed = timer.epochs.slice(1); // the first epoch warms up (threads, kernels, allocation)
  return {
    wall: median(timed.map((e) => n / e.wall)),
    cpu: median(timed.map((e) => n / e.cpu)),
    all: timed.map((e) => Math.round(n / e.wall)),
  };
}

const kerasSchema = z.object({ anchor: z.string(), wall: z.number(), cpu: z.number(), threads: z.number() });

function keras(name: string): (z.infer<typeof kerasSchema> & { all: number[] }) | string {
  if (!existsSync(flags.python))
    return `Keras skipped: ${flags.python} not found (python3 -m venv ~/.cache/audio-dl/venv-keras && ~/.cache/audio-dl/venv-keras/bin/pip install tensorflow_cpu==2.21.0 keras)`;
  try {
    const out = execFileSync(
      flags.python,
      [
        path.join(__dirname, 'keras-throughput.py'),
        name,
        String(FRAMES),
        String(BANDS[name as (typeof MODELS)[number]]),
        String(flags.samples),
        String(flags.chunks),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const line = JSON.parse(out.trim().split('\n').pop() ?? '');
    return { ...kerasSchema.parse(line), all: z.array(z.number()).parse(line.all_wall) };
  } catch (err) {
    return `Keras skipped: ${err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)}`;
  }
}

async function main(): Promise<void> {
  const backend = await initBackend('wasm');
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}; Node ${process.version}; audio-dl backend ${backend}`,
  );
  console.log(`samples per chunk ${flags.samples}, ${flags.chunks} chunks after a warm-up; samples/s, median`);
  const rows: string[] = [];
  for (const name of flags.models) {
    const ours: { threads: number; r: Rates & { all: number[] }; load: number }[] = [];
    for (const threads of flags.threads) {
      const load = os.loadavg()[0];
      const r = await audioDl(name, threads);
      console.log(
        `${name} audio-dl ${threads} thread(s): wall ${r.wall.toFixed(0)} [${r.all.join(', ')}], per CPU-second ${r.cpu.toFixed(0)} (load ${load.toFixed(2)})`,
      );
      ours.push({ threads, r, load });
    }
    const load = os.loadavg()[0];
    const k = keras(name);
    if (typeof k === 'string') console.log(`${name} ${k}`);
    else
      console.log(
        `${name} ${k.anchor} (${k.threads} threads): wall ${k.wall.toFixed(0)} [${k.all.join(', ')}], per CPU-second ${k.cpu.toFixed(0)} (load ${load.toFixed(2)})`,
      );
    for (const { threads, r } of ours) {
      const ratio = (a: number, b: number) => (typeof k === 'string' ? 'n/a' : (a / b).toFixed(2));
      const kw = typeof k === 'string' ? 'n/a' : k.wall.toFixed(0);
      const kc = typeof k === 'string' ? 'n/a' : k.cpu.toFixed(0);
      rows.push(
        `| ${name} | ${threads} | ${r.wall.toFixed(0)} | ${kw} | ${ratio(r.wall, typeof k === 'string' ? 1 : k.wall)} | ${r.cpu.toFixed(0)} | ${kc} | ${ratio(r.cpu, typeof k === 'string' ? 1 : k.cpu)} |`,
      );
    }
  }
  console.log(
    '\n| model | audio-dl threads | audio-dl wall | Keras wall | ratio | audio-dl per CPU-s | Keras per CPU-s | ratio |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
