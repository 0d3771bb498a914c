// Accuracy of every model and recipe on a real data set, over seeds (issue 10).
// Run: npx tsx tools/bench/accuracy.ts [--root ../shared/data/instruments-dev] [--seeds 1,2,3]
//   or npx tsx tools/bench/accuracy.ts --manifest ../shared/data/notes-dev/manifest.csv [--seeds 42,7,11]
//        (5-fold CV: cv-accuracy.ts)
//        [--only 'NAME;NAME'] [--duration 6] [--segments 2] [--export DIR] [--threads N (default: every core)]
//        [--features mfcc|logmel (with --manifest; default: what `audio-dl preprocess` chooses)]
// Preprocesses ROOT twice (MFCC and 64-band log-mel, `--duration`/`--segments` as the course cuts GTZAN), then trains
// each entry below with `trainGenreModel` on a track split seeded by each seed, and prints test segment and track
// accuracy (mean ± sd), the validation accuracy of the last epoch (what recipes are chosen on) and training seconds.
// `--export DIR` also writes the data as the course's JSON (mfcc.json, logmel.json) and each seed's split, for
// tools/bench/keras-accuracy.py to train Keras on the very same tracks.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Dataset, loadDataset, preprocess, writeDatasetJson } from '@audio-dl/dataset';
import {
  computeMetrics,
  disposeModel,
  type GenreData,
  type ModelName,
  predictData,
  splitData,
  type TrainOptions,
  trainGenreModel,
} from '@audio-dl/genre-model';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { cvAccuracy } from './cv-accuracy';
import { mean, sd } from './harness';

interface Entry {
  name: string;
  features: 'mfcc' | 'logmel';
  options: Omit<TrainOptions, 'split'>;
  /** Also train on two waveform-augmented copies of each training track (all four kinds, seed 1). */
  waveform?: boolean;
  /**
   * Average the probabilities of this many models trained on the same split with initialisation seeds seed,
   * seed + 1000, …; the first member is the plain entry's model. "last val" is then the ensemble's.
   */
  ensemble?: number;
}

const course = (model: ModelName): Entry => ({ name: `${model} (course)`, features: 'mfcc', options: { model } });

// The course's four with `audio-dl train`'s default flags, the course mlp exactly (no standardisation), the
// baselines, and the recommended recipe (mel-cnn: on MFCC it had the best validation accuracy) with its ablations.
const ENTRIES: Entry[] = [
  { name: 'mlp, --no-standardize', features: 'mfcc', options: { model: 'mlp', standardize: false } },
  course('mlp'),
  course('mlp-regularized'),
  course('cnn'),
  course('lstm'),
  { name: 'stats (mfcc)', features: 'mfcc', options: { model: 'stats' } },
  { name: 'stats (logmel)', features: 'logmel', options: { model: 'stats' } },
  { name: 'mel-cnn (mfcc), recommended', features: 'mfcc', options: {} },
  { name: 'mel-cnn (logmel)', features: 'logmel', options: { model: 'mel-cnn' } },
  {
    name: 'mel-cnn (mfcc), no augmentation',
    features: 'mfcc',
    options: { model: 'mel-cnn', augment: { crop: false, specAugment: null } },
  },
  { name: 'mel-cnn (mfcc), + mixup 0.2', features: 'mfcc', options: { model: 'mel-cnn', augment: { mixup: 0.2 } } },
  { name: 'mel-cnn (mfcc), + waveform copies', features: 'mfcc', options: { model: 'mel-cnn' }, waveform: true },
  { name: 'mel-cnn (mfcc), ensemble of 3 seeds', features: 'mfcc', options: {}, ensemble: 3 },
];

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: path.resolve(__dirname, '../../../shared/data/instruments-dev') },
    // Absent: 1,2,3 (split and initialisation seeds) on ROOT; 42 (the initialisation's; folds are the data's) with
    // --manifest.
    seeds: { type: 'string' },
    only: { type: 'string' },
    duration: { type: 'string', default: '6' },
    segments: { type: 'string', default: '2' },
    export: { type: 'string' },
    threads: { type: 'string' },
    // Cross-validation on a manifest with groups and folds instead (cv-accuracy.ts, issue 21's notes-dev).
    manifest: { type: 'string' },
    'group-column': { type: 'string', default: 'program' },
    'fold-column': { type: 'string', default: 'fold' },
    features: { type: 'string' },
  },
});
const features = values.features;
if (features !== undefined && features !== 'mfcc' && features !== 'logmel')
  throw new Error(`--features: mfcc or logmel, got ${features}`);
// As `audio-dl train`: every core unless told otherwise (batch norm then normalises each thread's share of a batch).
const threads = values.threads === undefined ? os.availableParallelism() : Number(values.threads);
if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be a whole number ≥ 1`);
const seeds = (values.seeds ?? (values.manifest ? '42' : '1,2,3')).split(',').map(Number);
if (seeds.some((s) => !Number.isInteger(s))) throw new Error(`--seeds must be whole numbers, got ${values.seeds}`);
const only = values.only?.split(';');
const manifest = values.manifest;
// --only runs the named entries in the order given.
const entries = manifest
  ? []
  : only
    ? only.map((name) => {
        const entry = ENTRIES.find((e) => e.name === name);
        if (!entry)
          throw new Error(`--only: no entry "${name}"; the entries are: ${ENTRIES.map((e) => e.name).join('; ')}`);
        return entry;
      })
    : ENTRIES;

const fmt = (v: number[]) => `${mean(v).toFixed(3)} ± ${sd(v).toFixed(3)}`;

async function main(): Promise<void> {
  const backend = await initBackend('wasm');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'audio-dl-accuracy-'));
  const params = { duration: Number(values.duration), segments: Number(values.segments) };
  const data: Partial<Record<Entry['features'], Dataset>> = {};
  const copies: Partial<Record<Entry['features'], Dataset>> = {};
  try {
    for (const features of new Set(entries.map((e) => e.features))) {
      const out = path.join(tmp, `${features}.arrow`);
      const p = { ...params, features, ...(features === 'logmel' ? { nMels: 64 } : {}) };
      await preprocess(values.root, { out, params: p });
      data[features] = await loadDataset(out);
      if (entries.some((e) => e.waveform && e.features === features)) {
        const aug = path.join(tmp, `${features}-copies.arrow`);
        const kinds = ['stretch', 'pitch', 'gain', 'noise'] as const;
        await preprocess(values.root, { out: aug, params: p, augment: { kinds: [...kinds], copies: 2, seed: 1 } });
        copies[features] = await loadDataset(aug);
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const first = Object.values(data)[0]!;
  console.log(
    `${values.root}: ${first.shape[0]} segments, ${first.mapping.length} classes; backend ${backend}, ${threads} thread(s); seeds ${seeds.join(', ')}; ${os.cpus()[0].model}`,
  );
  if (values.export) {
    await mkdir(values.export, { recursive: true });
    for (const [features, d] of Object.entries(data))
      await writeDatasetJson(path.join(values.export, `${features}.json`), d);
    const mfcc = data.mfcc ?? data.logmel!;
    for (const seed of seeds) {
      const split = splitData(mfcc, { kind: 'track', testSize: 0.25, valSize: 0.2, seed });
      const rows = (idx: Int32Array) => Array.from(idx);
      await writeFile(
        path.join(values.export, `split-${seed}.json`),
        JSON.stringify({ seed, train: rows(split.train), val: rows(split.val), test: rows(split.test) }),
      );
    }
  }
  console.log('| model / recipe | features | segment accuracy | track accuracy | last val accuracy | train s |');
  console.log('|---|---|---|---|---|---|');
  for (const entry of entries) {
    const seg: number[] = [];
    const trk: number[] = [];
    const val: number[] = [];
    const secs: number[] = [];
    // With an ensemble, the first member alone too: it is the plain recipe's model.
    const alone = { seg: [] as number[], trk: [] as number[], val: [] as number[], secs: [] as number[] };
    let model = entry.options.model ?? '';
    for (const seed of seeds) {
      const start = performance.now();
      const members = entry.ensemble ?? 1;
      const probs = { val: [] as Float32Array[], test: [] as Float32Array[] };
      let r: Awaited<ReturnType<typeof trainGenreModel>> | null = null;
      for (let member = 0; member < members; member++) {
        r = await trainGenreModel(
          data[entry.features]!,
          {
            ...entry.options,
            split: { kind: 'track', testSize: 0.25, valSize: 0.2, seed },
            threads,
            ...(member > 0 ? { seed: seed + 1000 * member } : {}),
          },
          {
            source: `${entry.features}.arrow`,
            sha256: '',
            backend,
            ...(entry.waveform
              ? { augmented: { data: copies[entry.features]!, source: `${entry.features}-copies.arrow`, sha256: '' } }
              : {}),
          },
        );
        if (members > 1 && member === 0) {
          alone.seg.push(r.metrics!.accuracy);
          alone.trk.push(r.metrics!.trackAccuracy ?? Number.NaN);
          alone.val.push(r.history.val_accuracy!.at(-1)!);
          alone.secs.push((performance.now() - start) / 1000);
        }
        if (members > 1) {
          probs.val.push(predictData(r.model, r.meta, data[entry.features]!, r.split.val));
          probs.test.push(predictData(r.model, r.meta, data[entry.features]!, r.split.test));
          console.error(`  ${entry.name} seed ${seed} member ${member + 1}: ${r.metrics!.accuracy.toFixed(3)}`);
        }
        if (member < members - 1) disposeModel(r.model);
      }
      if (!r) throw new Error('no model trained');
      secs.push((performance.now() - start) / 1000);
      if (members > 1) {
        const d = data[entry.features]!;
        const test = scoreRows(average(probs.test), d, r.split.test);
        seg.push(test.accuracy);
        trk.push(test.trackAccuracy ?? Number.NaN);
        val.push(scoreRows(average(probs.val), d, r.split.val).accuracy);
      } else {
        seg.push(r.metrics!.accuracy);
        trk.push(r.metrics!.trackAccuracy ?? Number.NaN);
        val.push(r.history.val_accuracy!.at(-1)!);
      }
      model = r.meta.model;
      disposeModel(r.model);
      console.error(`  ${entry.name} seed ${seed}: ${seg.at(-1)!.toFixed(3)} (${secs.at(-1)!.toFixed(0)} s)`);
    }
    if (alone.seg.length > 0)
      console.log(
        `| ${entry.name}: first member alone → ${model} | ${entry.features} | ${fmt(alone.seg)} | ${fmt(alone.trk)} | ${fmt(alone.val)} | ${mean(alone.secs).toFixed(0)} |`,
      );
    console.log(
      `| ${entry.name}${entry.options.model ? '' : ` → ${model}`} | ${entry.features} | ${fmt(seg)} | ${fmt(trk)} | ${fmt(val)} | ${mean(secs).toFixed(0)} |`,
    );
  }
}

function average(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts[0].length);
  for (const p of parts) for (let i = 0; i < out.length; i++) out[i] += p[i] / parts.length;
  return out;
}

function scoreRows(probs: Float32Array, data: GenreData, rows: Int32Array) {
  const pick = <T>(all: ArrayLike<T>): T[] => Array.from(rows, (i) => all[i]);
  return computeMetrics(probs, pick(data.labels), pick(data.tracks), data.mapping);
}

(manifest
  ? cvAccuracy({
      manifest,
      groupColumn: values['group-column'],
      foldColumn: values['fold-column'],
      ...(features ? { features } : {}),
      only,
      threads,
      seeds,
    })
  : main()
).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
