// Chooses the short-clip recipe on validation data (issue 21, item 5): leave-one-fold-out over the training folds
// only — the rows of the `--hold-out` fold are dropped before anything is trained or scored — for every candidate
// segment length × pooling (and `stats` per segment length with `--stats`).
// Run: npx tsx tools/bench/recipe-validation.ts --manifest ../shared/data/notes-dev/manifest.csv
//   [--group-column program] [--fold-column fold] [--hold-out 5] [--segment-seconds auto,1.7] [--pooling average,max]
//   [--features mfcc] [--hop 512] [--n-mels 64] [--fmax HZ] [--stats] [--train JSON ...] [--ensemble N] [--threads N (default: every core)]
// Each `--train JSON` (repeatable) is one more recipe candidate: TrainOptions overrides, e.g. '{"augment":{"mixup":0.2}}'.
// `--ensemble N` averages N models (seeds far apart) in each fold, for every recipe candidate.
// `auto` is the segment length `audio-dl preprocess` chooses from the clip lengths. Prints clip accuracy per inner
// fold, mean ± sd, the worst fold and the training seconds per fold (valid only on an idle machine).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Dataset, loadDataset, preprocess } from '@audio-dl/dataset';
import {
  crossValidate,
  type GenreData,
  type Pooling,
  poolingSchema,
  type TrainOptions,
  trainOptionsSchema,
} from '@audio-dl/genre-model';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { mean, sd } from './harness';

const { values } = parseArgs({
  options: {
    manifest: { type: 'string' },
    'group-column': { type: 'string', default: 'program' },
    'fold-column': { type: 'string', default: 'fold' },
    'hold-out': { type: 'string', default: '5' },
    'segment-seconds': { type: 'string', default: 'auto' },
    pooling: { type: 'string', default: 'average,max' },
    features: { type: 'string', default: 'mfcc' },
    hop: { type: 'string' },
    'n-mels': { type: 'string', default: '64' },
    fmax: { type: 'string' },
    train: { type: 'string', multiple: true, default: [] },
    stats: { type: 'boolean', default: false },
    threads: { type: 'string' },
    ensemble: { type: 'string', default: '1' },
  },
});
if (!values.manifest) throw new Error('--manifest FILE.csv is required (a manifest with groups and folds)');
const manifest = values.manifest;
const threads = values.threads === undefined ? os.availableParallelism() : Number(values.threads);
if (!Number.isInteger(threads) || threads < 1) throw new Error('--threads must be a whole number ≥ 1');
const members = Number(values.ensemble);
if (!Number.isInteger(members) || members < 1) throw new Error('--ensemble must be a whole number ≥ 1');
const lengths = values['segment-seconds'].split(',').map((s): number | 'auto' => (s === 'auto' ? 'auto' : Number(s)));
if (lengths.some((s) => s !== 'auto' && !(s > 0)))
  throw new Error(`--segment-seconds: auto or seconds > 0, got ${values['segment-seconds']}`);
// `--pooling ''` runs only the `--train` candidates.
const poolings: Pooling[] = values.pooling
  .split(',')
  .filter((p) => p !== '')
  .map((p) => poolingSchema.parse(p));
const kinds = values.features.split(',').map((f) => {
  if (f !== 'mfcc' && f !== 'logmel') throw new Error(`--features: mfcc or logmel, got ${f}`);
  return f;
});

/** `data` without the rows of fold `holdOut` (they never reach training or scoring). */
function withoutFold(data: Dataset, holdOut: string): GenreData {
  const folds = data.folds ?? [];
  const keep = Array.from(data.labels, (_, i) => i).filter((i) => folds[i] !== holdOut);
  if (keep.length === data.labels.length) throw new Error(`--hold-out ${holdOut}: no row is in that fold`);
  const [, frames, bands] = data.shape;
  const size = frames * bands;
  const features = new Float32Array(keep.length * size);
  keep.forEach((i, j) => {
    features.set(data.features.subarray(i * size, (i + 1) * size), j * size);
  });
  const pick = <T>(xs: readonly T[] | undefined): T[] | undefined => (xs ? keep.map((i) => xs[i]) : undefined);
  return {
    mapping: data.mapping,
    labels: Int32Array.from(keep, (i) => data.labels[i]),
    features,
    shape: [keep.length, frames, bands],
    tracks: keep.map((i) => data.tracks[i]),
    segments: Int32Array.from(keep, (i) => data.segments[i]),
    groups: pick(data.groups),
    folds: pick(data.folds),
    params: data.params,
  };
}

const ens = members > 1 ? ` ×${members}` : '';

async function main(): Promise<void> {
  const backend = await initBackend('wasm');
  console.log(
    `${manifest}: fold ${values['hold-out']} held out; backend ${backend}, ${threads} thread(s); ${os.cpus()[0].model}; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  console.log(
    '| features | segment | model / pooling | clip accuracy per inner fold | mean ± sd | worst | train s per fold |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const features of kinds)
    for (const seconds of lengths) {
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'audio-dl-recipe-validation-'));
      let data: GenreData;
      let segment: string;
      try {
        const out = path.join(tmp, 'data.arrow');
        const summary = await preprocess(undefined, {
          out,
          source: { manifest, groupColumn: values['group-column'], foldColumn: values['fold-column'] },
          params: {
            features,
            ...(values.hop ? { hopLength: Number(values.hop) } : {}),
            ...(features === 'logmel' ? { nMels: Number(values['n-mels']) } : {}),
            ...(values.fmax ? { fmax: Number(values.fmax) } : {}),
            ...(seconds === 'auto' ? {} : { segmentSeconds: seconds }),
          },
          segmentLength: 'auto',
        });
        segment = `${summary.params.segmentSeconds ?? 'course'} s${seconds === 'auto' ? ' (auto)' : ''}, hop ${summary.params.hopLength}${summary.params.fmax ? `, fmax ${summary.params.fmax}` : ''}`;
        console.error(`${features}, ${segment}: ${summary.segments} segments; ${summary.segmentChoice?.reason ?? ''}`);
        data = withoutFold(await loadDataset(out), values['hold-out']);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
      const candidates: { name: string; options: Omit<TrainOptions, 'split' | 'threads'> }[] = [
        ...(values.stats ? [{ name: 'stats', options: { model: 'stats' as const } }] : []),
        ...poolings.map((pooling) => ({ name: `recipe${ens}, ${pooling}`, options: { pooling } })),
        ...values.train.map((json) => ({
          name: `recipe${ens}, ${json}`,
          options: trainOptionsSchema.omit({ split: true, threads: true }).partial().parse(JSON.parse(json)),
        })),
      ];
      for (const c of candidates) {
        const r = await crossValidate(
          data,
          { ...c.options, split: { kind: 'group', testSize: 0, valSize: 0.2, seed: 42 }, threads },
          { source: manifest, sha256: '', backend },
          {
            members: c.name === 'stats' ? 1 : members,
            onFold: (f) =>
              console.error(
                `  ${features} ${segment} ${c.name} fold ${f.fold}: clip ${f.clipAccuracy?.toFixed(3)} (${f.seconds.toFixed(0)} s)`,
              ),
          },
        );
        const clip = r.folds.map((f) => f.clipAccuracy ?? Number.NaN);
        console.log(
          `| ${features} | ${segment} | ${c.name} | ${clip.map((x) => x.toFixed(3)).join(' ')} | ${mean(clip).toFixed(3)} ± ${sd(clip).toFixed(3)} | ${Math.min(...clip).toFixed(3)} | ${mean(r.folds.map((f) => f.seconds)).toFixed(0)} |`,
        );
      }
    }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
