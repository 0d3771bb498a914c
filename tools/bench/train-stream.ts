// Streaming training benchmark (issue 14, the trainer's half). Writes synthetic feature data sets once (folders of
// uncompressed Parquet parts of 130 × 13 float32 rows, 10 genres, 10 segments a track; cached under tmp/data), then,
// each run in a fresh process, trains one epoch of --model through `openData` + `trainGenreModel` (split, statistics,
// one epoch, validation, test scoring) and prints the reading path, the times, training samples/s and peak RSS:
//   - the big set (--gib GiB of features) streamed under the default memory budget;
//   - the small set (--small-gib, which fits) in memory and, for comparison, streamed (--memory 1K).
// Usage: npx tsx tools/bench/train-stream.ts [--gib 3] [--small-gib 0.25] [--runs 3] [--big-runs 1 (0: small set only)] [--model stats]
//        [--keep] (leave the data under tmp/data; by default it is deleted afterwards)
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type Dataset, defaultFeatureParams, writeDatasetParquet } from '@audio-dl/dataset';
import { DEFAULT_MEMORY_BYTES, modelNames, openData, trainGenreModel } from '@audio-dl/genre-model';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { z } from 'zod';
import { median } from './harness';

const { values } = parseArgs({
  options: {
    gib: { type: 'string' },
    'small-gib': { type: 'string' },
    runs: { type: 'string' },
    'big-runs': { type: 'string' },
    model: { type: 'string' },
    keep: { type: 'boolean' },
    child: { type: 'string' },
    memory: { type: 'string' },
  },
});
const flags = z
  .object({
    gib: z.coerce.number().positive().default(3),
    'small-gib': z.coerce.number().positive().default(0.25),
    runs: z.coerce.number().int().positive().default(3),
    'big-runs': z.coerce.number().int().min(0).default(1),
    model: z.enum(modelNames).default('stats'),
    keep: z.boolean().default(false),
    child: z.string().optional(),
    memory: z.coerce.number().positive().optional(),
  })
  .parse(values);

const FRAMES = 130;
const BANDS = 13;
const ROW = FRAMES * BANDS;
const PART_ROWS = 20_000; // 135 MB of features a part, 16 MB row groups
const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Part `k`: cheap deterministic values, with a genre-dependent offset in one band so a model has something to learn. */
function part(k: number, first: number, rows: number, count: number): Dataset {
  const features = new Float32Array(rows * ROW);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const track = Math.floor((first + i) / 10);
    const label = (track * 7) % GENRES.length;
    labels[i] = label;
    for (let j = 0; j < ROW; j++) {
      const v = (((first + i) * 7919 + j * 104729) % 2000) / 100 - 10;
      features[i * ROW + j] = j % BANDS === label % BANDS ? v + 3 : v;
    }
  }
  return {
    mapping: GENRES,
    labels,
    features,
    shape: [rows, FRAMES, BANDS],
    tracks: Array.from({ length: rows }, (_, i) => `${GENRES[labels[i]]}/track-${Math.floor((first + i) / 10)}.wav`),
    segments: Int32Array.from({ length: rows }, (_, i) => (first + i) % 10),
    params: defaultFeatureParams,
    meta: { shard: { index: k, count } },
  };
}

/** A folder of parts holding `gib` GiB of features, written once. */
async function dataset(gib: number): Promise<{ dir: string; rows: number; bytes: number }> {
  const rows = Math.ceil((gib * 2 ** 30) / (ROW * 4));
  const parts = Math.ceil(rows / PART_ROWS);
  const dir = path.resolve(__dirname, `../../tmp/data/train-stream-${gib}gib`);
  const marker = path.join(dir, '.complete');
  if (!(await fs.stat(marker).catch(() => null))) {
    await fs.rm(dir, { recursive: true, force: true });
    const started = performance.now();
    for (let k = 0; k < parts; k++) {
      const n = Math.min(PART_ROWS, rows - k * PART_ROWS);
      const file = path.join(dir, `part-${String(k).padStart(5, '0')}.parquet`);
      await writeDatasetParquet(file, part(k, k * PART_ROWS, n, parts), { compression: 'none' });
    }
    await fs.writeFile(marker, '');
    console.log(`wrote ${dir}: ${parts} parts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  let bytes = 0;
  for (const f of await fs.readdir(dir)) bytes += (await fs.stat(path.join(dir, f))).size;
  return { dir, rows, bytes };
}

interface Result {
  reading: string;
  rows: number;
  train: number;
  seconds: number;
  epochSeconds: number;
  samplesPerSecond: number;
  accuracy: number | null;
  peakMiB: number;
}

/** One training run, in this (fresh) process. */
async function child(dir: string, memory: number): Promise<void> {
  const backend = await initBackend();
  const started = performance.now();
  const opened = await openData(dir, { memory, standardize: true });
  const result = await trainGenreModel(
    opened.data,
    { model: flags.model, epochs: 1 },
    { source: dir, sha256: 'bench', backend },
  );
  const seconds = (performance.now() - started) / 1000;
  const epochSeconds = result.history.seconds[0];
  const out: Result = {
    reading: opened.kind,
    rows: opened.kind === 'memory' ? opened.data.shape[0] : opened.data.scan.shape[0],
    train: result.split.train.length,
    seconds,
    epochSeconds,
    samplesPerSecond: result.split.train.length / epochSeconds,
    accuracy: result.metrics?.accuracy ?? null,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify({ backend, ...out }));
}

function runChild(dir: string, memory: number): Result {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, __filename, '--child', dir, '--memory', String(memory), '--model', flags.model],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = out.trim().split('\n').pop() as string;
  console.log(`  run: ${line}; load ${load()}`);
  return JSON.parse(line) as Result;
}

function report(label: string, results: Result[]): void {
  const r = results[0];
  const sps = results.map((x) => x.samplesPerSecond);
  console.log(
    `${label}: ${r.reading}, ${r.rows} rows (${r.train} training), ${flags.model}, 1 epoch: ` +
      `training ${Math.round(median(sps))} samples/s [${sps.map(Math.round).join(', ')}] ` +
      `(epoch incl. validation, median ${median(results.map((x) => x.epochSeconds)).toFixed(1)} s); ` +
      `whole run median ${median(results.map((x) => x.seconds)).toFixed(1)} s [${results.map((x) => x.seconds.toFixed(1)).join(', ')}]; ` +
      `peak RSS max ${Math.max(...results.map((x) => x.peakMiB)).toFixed(0)} MiB [${results.map((x) => x.peakMiB.toFixed(0)).join(', ')}]; ` +
      `test accuracy ${results.map((x) => x.accuracy?.toFixed(4)).join(', ')}; load ${load()}`,
  );
}

async function main(): Promise<void> {
  if (flags.child) return child(flags.child, flags.memory ?? DEFAULT_MEMORY_BYTES);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node.js ${process.version}`,
  );
  const small = await dataset(flags['small-gib']);
  const sets = flags['big-runs'] > 0 ? [small, await dataset(flags.gib)] : [small];
  for (const s of sets)
    console.log(
      `${s.dir}: ${s.rows} rows, ${((s.rows * ROW * 4) / 2 ** 30).toFixed(2)} GiB of features, ${(s.bytes / 2 ** 30).toFixed(2)} GiB on disk`,
    );
  console.log(`load before ${load()}`);
  try {
    const runs = (dir: string, memory: number, n: number) => Array.from({ length: n }, () => runChild(dir, memory));
    report(
      `small set, in memory (budget ${DEFAULT_MEMORY_BYTES / 2 ** 30} GiB)`,
      runs(small.dir, DEFAULT_MEMORY_BYTES, flags.runs),
    );
    report('small set, streamed (--memory 1K)', runs(small.dir, 1024, flags.runs));
    if (sets[1])
      report(
        `big set, streamed (budget ${DEFAULT_MEMORY_BYTES / 2 ** 30} GiB)`,
        runs(sets[1].dir, DEFAULT_MEMORY_BYTES, flags['big-runs']),
      );
  } finally {
    if (!flags.keep) for (const s of sets) await fs.rm(s.dir, { recursive: true, force: true });
  }
  console.log(`load afterwards ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
