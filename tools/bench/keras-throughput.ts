// Training throughput of audio-dl against Keras 3 / TensorFlow CPU, side by side in one run (issue 13).
// Run: npx tsx tools/bench/keras-throughput.ts [--models mlp,cnn,lstm,mel-cnn] [--threads 1,2]
//        [--samples 1024] [--chunks 5] [--python ~/.cache/audio-dl/venv-keras/bin/python]
//        [--threading auto|data|operations]
// Per model: audio-dl's training loop (trainer's `fitSamples`, as `audio-dl train` runs it) with each thread count, then
// tools/bench/keras-throughput.py, on random inputs (130×13 MFCC frames; 130×64 log-mel for mel-cnn), 10 classes,
// batch 32, Adam 1e-4, no augmentation; one epoch per chunk after a warm-up epoch; medians of wall and CPU time.
// Three figures per side: wall; per CPU-second of the whole process; per CPU-second of its busiest thread, which
// bounds the wall time an idle machine with enough cores would give and is least distorted by other jobs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { disposeModel, type ModelName, modelSpec } from '@audio-dl/genre-model';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { fitSamples, KerasProgress } from '@audio-dl/trainer';
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
    threading: { type: 'string', default: 'auto' },
  },
});
const flags = z
  .object({
    models: z.array(z.enum(MODELS)).min(1),
    threads: z.array(z.coerce.number().int().positive()).min(1),
    samples: z.coerce.number().int().min(BATCH),
    chunks: z.coerce.number().int().positive(),
    python: z.string(),
    // auto: each model's own (dense-only models split their products, the others shard the batch).
    threading: z.enum(['auto', 'data', 'operations']),
  })
  .parse({ ...values, models: values.models?.split(','), threads: values.threads?.split(',') });

interface Rates {
  wall: number;
  cpu: number;
  busiest: number;
}

/** CPU seconds of each thread of this process so far (Linux `/proc/self/task/<tid>/stat`, utime + stime). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(fields[11]) + Number(fields[12])) / TICKS);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return out;
}
const TICKS = 100; // USER_HZ on Linux
const CORES = os.availableParallelism();
/** What an idle machine would give at most: neither more than every core's worth of CPU nor faster than the busiest thread. */
const idle = (r: Rates) => Math.min(CORES * r.cpu, r.busiest);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Records the wall and process CPU time (every thread) of each epoch. */
class Timer extends KerasProgress {
  readonly timings: { wall: number; cpu: number; busiest: number }[] = [];
  private wall0 = 0;
  private cpu0 = process.cpuUsage();
  private threads0 = new Map<string, number>();
  constructor() {
    super({ write: () => true }, 0);
  }
  override onEpochBegin(): void {
    this.wall0 = performance.now();
    this.cpu0 = process.cpuUsage();
    this.threads0 = threadCpu();
  }
  override onBatchEnd(): void {}
  override onEpochEnd(): void {
    const cpu = process.cpuUsage(this.cpu0);
    const busiest = Math.max(...[...threadCpu()].map(([tid, s]) => s - (this.threads0.get(tid) ?? 0)));
    this.timings.push({ wall: (performance.now() - this.wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, busiest });
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
  await fitSamples(
    model,
    { features, frames: FRAMES, bands, labels, numClasses: CLASSES, inputShape },
    Int32Array.from({ length: n }, (_, i) => i),
    new Int32Array(0),
    {
      epochs: flags.chunks + 1,
      batchSize: BATCH,
      learningRate: 1e-4,
      seed: 1,
      callbacks: [timer],
      threads,
      threading: flags.threading === 'auto' ? spec.threading : flags.threading,
    },
  );
  disposeModel(model);
  const timed = timer.timings.slice(1); // the first epoch warms up (threads, kernels, allocation)
  return {
    wall: median(timed.map((e) => n / e.wall)),
    cpu: median(timed.map((e) => n / e.cpu)),
    busiest: median(timed.map((e) => n / e.busiest)),
    all: timed.map((e) => Math.round(n / e.wall)),
  };
}

const kerasSchema = z.object({
  anchor: z.string(),
  wall: z.number(),
  cpu: z.number(),
  busiest: z.number(),
  threads: z.number(),
});

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
  const fmt = (r: Rates) =>
    `wall ${r.wall.toFixed(0)}, per CPU-second ${r.cpu.toFixed(0)}, per busiest-thread CPU-second ${r.busiest.toFixed(0)}`;
  for (const name of flags.models) {
    const ours: { threads: number; r: Rates }[] = [];
    for (const threads of flags.threads) {
      const load = os.loadavg()[0];
      const r = await audioDl(name, threads);
      console.log(
        `${name} audio-dl ${threads} thread(s): ${fmt(r)} [wall ${r.all.join(', ')}] (load ${load.toFixed(2)})`,
      );
      ours.push({ threads, r });
    }
    const load = os.loadavg()[0];
    const k = keras(name);
    if (typeof k === 'string') console.log(`${name} ${k}`);
    else
      console.log(
        `${name} ${k.anchor} (${k.threads} threads): ${fmt(k)} [wall ${k.all.join(', ')}] (load ${load.toFixed(2)})`,
      );
    for (const { threads, r } of ours) {
      const cell = (ours: number, theirs: number | undefined) =>
        theirs === undefined
          ? `${ours.toFixed(0)} / n/a`
          : `${ours.toFixed(0)} / ${theirs.toFixed(0)} = **${(ours / theirs).toFixed(2)}**`;
      const kr = typeof k === 'string' ? undefined : k;
      rows.push(
        `| ${name} | ${threads} | ${cell(r.wall, kr?.wall)} | ${cell(r.cpu, kr?.cpu)} | ${cell(idle(r), kr && idle(kr))} |`,
      );
    }
  }
  console.log(
    `\nsamples/s, audio-dl / Keras = ratio; idle estimate = min(${CORES} cores × per CPU-second, per busiest-thread CPU-second)`,
  );
  console.log('| model | audio-dl threads | wall | per CPU-second (all threads) | idle estimate from CPU times |');
  console.log('|---|---|---|---|---|');
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
