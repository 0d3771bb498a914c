// Training throughput of audio-dl against Keras 3 / TensorFlow CPU, both driven from this one run (issues 13, 19).
// Run: npx tsx tools/bench/keras-throughput.ts [--models mlp,cnn,lstm,mel-cnn] [--threads 1,<cores>] [--runs 5]
//        [--samples 1024] [--epochs 4] [--python ~/.cache/audio-dl/venv-keras/bin/python]
//        [--threading auto|data|operations] [--mel-bands 13] [--json tmp/bench/keras-throughput.json]
// One protocol for both sides. A run builds a fresh model and trains it in ONE fit call (audio-dl: trainer's `fitSamples`,
// as `audio-dl train` runs it; Keras: `model.fit`, in tools/bench/keras-throughput.py, a worker this script starts
// once per thread count) of 1 + --epochs epochs over --samples random inputs (uniform in [-1, 1); 130×13 for mlp,
// cnn, lstm; 130×--mel-bands for mel-cnn: 13, the MFCCs its recommended recipe and the pipeline train on, or 64 for
// the log-mel variant), 10 classes, batch 32, Adam 1e-4, no augmentation. Epochs are timed by
// epoch callbacks on both sides (wall, process CPU of every thread, busiest thread's CPU); the first epoch is the
// warm-up and is discarded on both sides; set-up before it (model build, thread pools, tracing set-up) is outside
// every timed interval on both sides. Both sides use the same thread count T: audio-dl `threads: T`, TensorFlow
// T intra-op threads and 1 inter-op thread. Runs alternate between the sides per model (audio-dl first in even
// runs, Keras first in odd ones), so the machine's load falls on both alike. A run's figure is samples/s over its
// timed epochs; the table gives median and range over --runs runs, and the ratio of the medians.
// Batch norm (cnn, mel-cnn): at T > 1 audio-dl trains data parallel, so each replica's batch norm normalises 32/T
// rows; Keras' always normalises the whole 32. The table states both.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import { disposeModel, type ModelName, modelSpec } from '@audio-dl/genre-model';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { fitSamples, KerasProgress } from '@audio-dl/trainer';
import { z } from 'zod';
import { median } from './harness';

const MODELS = ['mlp', 'cnn', 'lstm', 'mel-cnn'] as const;
type Bench = (typeof MODELS)[number];
const CLASSES = 10;
const BATCH = 32;
const BANDS: Record<Exclude<Bench, 'mel-cnn'>, number> = { mlp: 13, cnn: 13, lstm: 13 };
const HAS_BATCH_NORM: Record<Bench, boolean> = { mlp: false, cnn: true, lstm: false, 'mel-cnn': true };
const FRAMES = 130;
const ROOT = path.resolve(__dirname, '../..');

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: MODELS.join(',') },
    threads: { type: 'string', default: `1,${os.availableParallelism()}` },
    runs: { type: 'string', default: '5' },
    samples: { type: 'string', default: '1024' },
    epochs: { type: 'string', default: '4' },
    python: { type: 'string', default: path.join(os.homedir(), '.cache/audio-dl/venv-keras/bin/python') },
    threading: { type: 'string', default: 'auto' },
    'mel-bands': { type: 'string', default: '13' },
    json: { type: 'string', default: path.join(ROOT, 'tmp/bench/keras-throughput.json') },
  },
});
const flags = z
  .object({
    models: z.array(z.enum(MODELS)).min(1),
    threads: z.array(z.coerce.number().int().positive()).min(1),
    runs: z.coerce.number().int().positive(),
    samples: z.coerce.number().int().min(BATCH),
    // Timed epochs per run, after the one warm-up epoch.
    epochs: z.coerce.number().int().positive(),
    python: z.string(),
    // auto: each model's own (dense-only models split their products, the others shard the batch).
    threading: z.enum(['auto', 'data', 'operations']),
    'mel-bands': z.coerce.number().int().positive(),
    json: z.string(),
  })
  .parse({ ...values, models: values.models?.split(','), threads: values.threads?.split(',') });

const bandsOf = (name: Bench): number => (name === 'mel-cnn' ? flags['mel-bands'] : BANDS[name]);

const epochSchema = z.object({ wall: z.number().positive(), cpu: z.number().nonnegative(), busiest: z.number() });
type Epoch = z.infer<typeof epochSchema>;
interface Run {
  wall: number;
  cpu: number;
  busiest: number;
  load: number;
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

/** One run's samples/s over its timed epochs (the first epoch, the warm-up, dropped), as on the Keras side. */
function summarise(epochs: Epoch[], load: number): Run {
  const timed = epochs.slice(1);
  if (timed.length !== flags.epochs) throw new Error(`expected ${flags.epochs} timed epochs, got ${timed.length}`);
  const n = flags.samples * timed.length;
  const sum = (k: keyof Epoch) => timed.reduce((s, e) => s + e[k], 0);
  return { wall: n / sum('wall'), cpu: n / sum('cpu'), busiest: n / sum('busiest'), load };
}

/** Records each epoch's wall, process CPU (every thread) and busiest-thread CPU, as the Keras callback does. */
class EpochTimer extends KerasProgress {
  readonly timings: Epoch[] = [];
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

async function audioDl(name: Bench, threads: number): Promise<Run> {
  const load = os.loadavg()[0];
  const bands = bandsOf(name);
  const spec = modelSpec(name as ModelName);
  const inputShape = spec.inputShape([FRAMES, bands]);
  const model = spec.build(inputShape, CLASSES, { learningRate: 1e-4 });
  const n = flags.samples;
  const features = Float32Array.from({ length: n * FRAMES * bands }, () => Math.random() * 2 - 1);
  const labels = Int32Array.from({ length: n }, (_, i) => i % CLASSES);
  const timer = new EpochTimer();
  await fitSamples(
    model,
    { features, frames: FRAMES, bands, labels, numClasses: CLASSES, inputShape },
    Int32Array.from({ length: n }, (_, i) => i),
    new Int32Array(0),
    {
      epochs: flags.epochs + 1,
      batchSize: BATCH,
      learningRate: 1e-4,
      seed: 1,
      callbacks: [timer],
      threads,
      threading: flags.threading === 'auto' ? spec.threading : flags.threading,
    },
  );
  disposeModel(model);
  return summarise(timer.timings, load);
}

/** Rows each batch norm normalises at `threads`: a data-parallel replica sees its share of the batch. */
function batchNormRows(name: Bench, threads: number): number | null {
  if (!HAS_BATCH_NORM[name]) return null;
  const threading = flags.threading === 'auto' ? (modelSpec(name as ModelName).threading ?? 'data') : flags.threading;
  return threads > 1 && threading === 'data' ? Math.ceil(BATCH / threads) : BATCH;
}

const helloSchema = z.object({ anchor: z.string(), threads: z.number(), inter_op: z.number() });

/** The Keras worker for one thread count: one JSON request a line in, one JSON answer a line out. */
class KerasWorker {
  private readonly lines: AsyncIterator<string>;
  private stderr = '';
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    rl: Interface,
  ) {
    this.lines = rl[Symbol.asyncIterator]();
    child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
  }
  static async start(threads: number): Promise<{ worker: KerasWorker; hello: z.infer<typeof helloSchema> }> {
    const child = spawn(flags.python, [path.join(__dirname, 'keras-throughput.py'), String(threads)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const worker = new KerasWorker(child, createInterface({ input: child.stdout }));
    return { worker, hello: helloSchema.parse(JSON.parse(await worker.next())) };
  }
  private async next(): Promise<string> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`keras-throughput.py ended: ${this.stderr.trim().split('\n').pop() ?? ''}`);
    return value;
  }
  async run(name: Bench): Promise<Run> {
    const load = os.loadavg()[0];
    const request = {
      model: name,
      frames: FRAMES,
      bands: bandsOf(name),
      samples: flags.samples,
      epochs: flags.epochs + 1,
    };
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    const answer = z
      .union([z.object({ epochs: z.array(epochSchema) }), z.object({ error: z.string() })])
      .parse(JSON.parse(await this.next()));
    if ('error' in answer) throw new Error(`keras-throughput.py ${name}: ${answer.error}`);
    return summarise(answer.epochs, load);
  }
  close(): void {
    this.child.stdin.end();
  }
}

interface Result {
  model: Bench;
  threads: number;
  batchNormRows: { audioDl: number; keras: number } | null;
  audioDl: Run[];
  keras: Run[] | null;
}

const stat = (runs: Run[], k: 'wall' | 'cpu' | 'busiest') => {
  const v = runs.map((r) => r[k]);
  return { median: median(v), min: Math.min(...v), max: Math.max(...v) };
};

async function main(): Promise<void> {
  const t0 = performance.now();
  const backend = await initBackend('wasm');
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}`;
  const load0 = os.loadavg();
  console.log(`machine: ${machine}; Node ${process.version}; audio-dl backend ${backend}`);
  console.log(
    `protocol: per run one fit call of 1 warm-up + ${flags.epochs} timed epochs × ${flags.samples} samples, ` +
      `batch ${BATCH}; inputs 130 × 13, mel-cnn 130 × ${flags['mel-bands']}; ${flags.runs} runs a side, alternating; load average at the start ${load0.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const keras = existsSync(flags.python);
  if (!keras)
    console.log(
      `Keras skipped: ${flags.python} not found (python3 -m venv ~/.cache/audio-dl/venv-keras && ~/.cache/audio-dl/venv-keras/bin/pip install --retries 0 tensorflow_cpu==2.21.0 keras)`,
    );
  const results: Result[] = [];
  let anchor: string | null = null;
  for (const threads of flags.threads) {
    const started = keras ? await KerasWorker.start(threads) : null;
    if (started) {
      anchor = started.hello.anchor;
      console.log(
        `${anchor}: ${started.hello.threads} intra-op thread(s), ${started.hello.inter_op} inter-op; audio-dl ${threads} thread(s)`,
      );
    }
    try {
      for (const name of flags.models) {
        const bn = batchNormRows(name, threads);
        const result: Result = {
          model: name,
          threads,
          batchNormRows: bn === null ? null : { audioDl: bn, keras: BATCH },
          audioDl: [],
          keras: started ? [] : null,
        };
        for (let r = 0; r < flags.runs; r++) {
          const kerasFirst = r % 2 === 1;
          if (kerasFirst && started) result.keras?.push(await started.worker.run(name));
          result.audioDl.push(await audioDl(name, threads));
          if (!kerasFirst && started) result.keras?.push(await started.worker.run(name));
          const last = (runs: Run[] | null) => (runs?.length ? runs[runs.length - 1].wall.toFixed(0) : 'n/a');
          console.log(
            `${name} T=${threads} run ${r + 1}: audio-dl ${last(result.audioDl)}, Keras ${last(result.keras)} samples/s (load ${os.loadavg()[0].toFixed(2)})`,
          );
        }
        results.push(result);
      }
    } finally {
      started?.worker.close();
    }
  }
  const load1 = os.loadavg();

  const fmt = (s: { median: number; min: number; max: number }) =>
    `${s.median.toFixed(0)} [${s.min.toFixed(0)}–${s.max.toFixed(0)}]`;
  const ratio = (ours: number, theirs: number | undefined) =>
    theirs === undefined ? 'n/a' : `**${(ours / theirs).toFixed(2)}**`;
  console.log(
    `\nsamples/s, median [min–max] of ${flags.runs} runs; ratio = audio-dl median / Keras median; run ratios pair run i of each side`,
  );
  console.log(
    '| model | threads | batch-norm rows audio-dl / Keras | audio-dl wall | Keras wall | wall ratio | run ratios | per CPU-second ratio |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const json = [];
  for (const r of results) {
    const ours = { wall: stat(r.audioDl, 'wall'), cpu: stat(r.audioDl, 'cpu'), busiest: stat(r.audioDl, 'busiest') };
    const theirs = r.keras
      ? { wall: stat(r.keras, 'wall'), cpu: stat(r.keras, 'cpu'), busiest: stat(r.keras, 'busiest') }
      : null;
    const pairs = r.keras ? r.audioDl.map((a, i) => a.wall / (r.keras?.[i]?.wall ?? Number.NaN)) : [];
    const bn = r.batchNormRows ? `${r.batchNormRows.audioDl} / ${r.batchNormRows.keras}` : '— (none)';
    console.log(
      `| ${r.model} | ${r.threads} | ${bn} | ${fmt(ours.wall)} | ${theirs ? fmt(theirs.wall) : 'n/a'} | ` +
        `${ratio(ours.wall.median, theirs?.wall.median)} | ${pairs.length ? `${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}` : 'n/a'} | ` +
        `${ratio(ours.cpu.median, theirs?.cpu.median)} |`,
    );
    json.push({
      ...r,
      summary: {
        audioDl: ours,
        keras: theirs,
        ratio: theirs
          ? { wall: ours.wall.median / theirs.wall.median, cpu: ours.cpu.median / theirs.cpu.median, runs: pairs }
          : null,
      },
    });
  }
  const minutes = (performance.now() - t0) / 60_000;
  console.log(
    `load average at the end: ${load1.map((l) => l.toFixed(2)).join(', ')}; ${minutes.toFixed(1)} min in all`,
  );
  mkdirSync(path.dirname(flags.json), { recursive: true });
  writeFileSync(
    flags.json,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        node: process.version,
        backend,
        keras: anchor,
        protocol: {
          samples: flags.samples,
          warmupEpochs: 1,
          timedEpochs: flags.epochs,
          runs: flags.runs,
          batch: BATCH,
          threading: flags.threading,
          inputs: { mlp: [FRAMES, 13], cnn: [FRAMES, 13], lstm: [FRAMES, 13], 'mel-cnn': [FRAMES, flags['mel-bands']] },
          kerasThreads: 'intra-op = threads, inter-op = 1',
        },
        loadAverage: { start: load0, end: load1 },
        minutes,
        results: json,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), flags.json) || flags.json}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
