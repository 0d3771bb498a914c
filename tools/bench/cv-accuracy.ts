// Cross-validation accuracy on a data set described by a manifest with groups and folds (issue 21's notes-dev).
// Called by accuracy.ts with `--manifest FILE`: npx tsx tools/bench/accuracy.ts --manifest
//   ../shared/data/notes-dev/manifest.csv [--group-column program] [--fold-column fold] [--only 'NAME;NAME']
//   [--threads N] [--features mfcc|logmel] [--seeds 42,7,11 (initialisation seeds; default 42)]
// Preprocesses the manifest once as `audio-dl preprocess` does (the segment length chosen from the clip lengths, and
// 64-band log-mel for clip-length segments unless `--features` names others), then runs leave-one-fold-out over the data's folds for each entry (validation carved out of the training
// folds by group) and prints clip and segment accuracy and macro-F1 as mean ± sd over folds, the worst fold, and
// the training seconds per fold; with several seeds, a row per seed, then each fold's clip accuracy averaged over them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDataset, preprocess } from '@audio-dl/dataset';
import { crossValidate, type TrainOptions } from '@audio-dl/genre-model';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { mean } from './harness';

interface CvEntry {
  name: string;
  options: Omit<TrainOptions, 'split' | 'threads'>;
}

const CV_ENTRIES: CvEntry[] = [
  { name: 'stats', options: { model: 'stats' } },
  { name: 'recommended recipe', options: {} },
  { name: 'cnn (course)', options: { model: 'cnn' } },
];

export async function cvAccuracy(opts: {
  manifest: string;
  groupColumn: string;
  foldColumn: string;
  features?: 'mfcc' | 'logmel';
  only?: string[];
  threads: number;
  /** Initialisation seeds (the folds are the data's, the validation carve seed 42): one run per seed. */
  seeds: number[];
}): Promise<void> {
  const entries = opts.only
    ? opts.only.map((name) => {
        const e = CV_ENTRIES.find((x) => x.name === name);
        if (!e)
          throw new Error(`--only: no entry "${name}"; the entries are: ${CV_ENTRIES.map((x) => x.name).join('; ')}`);
        return e;
      })
    : CV_ENTRIES;
  const backend = await initBackend('wasm');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'audio-dl-cv-'));
  const started = performance.now();
  let data: Awaited<ReturnType<typeof loadDataset>>;
  try {
    const out = path.join(tmp, 'data.arrow');
    const summary = await preprocess(undefined, {
      out,
      source: { manifest: opts.manifest, groupColumn: opts.groupColumn, foldColumn: opts.foldColumn },
      segmentLength: 'auto',
      ...(opts.features ? { params: { features: opts.features } } : {}),
    });
    console.log(
      `${opts.manifest}: ${summary.tracks} clips, ${summary.segments} segments, ${summary.genres.length} classes, ` +
        `dropped ${summary.droppedClips.length}, failed ${summary.failed.length}; ${summary.segmentChoice?.reason ?? 'course segments'}; ` +
        `${summary.params.features}${summary.params.features === 'logmel' ? ` (${summary.params.nMels} bands)` : ''}, hop ${summary.params.hopLength}; ` +
        `preprocessed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    data = await loadDataset(out);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const classes = data.mapping.length;
  console.log(
    `backend ${backend}, ${opts.threads} thread(s); ${os.cpus()[0].model}; chance ${(100 / classes).toFixed(1)} % (${classes} classes), majority class ${(100 * majority(data.labels, classes)).toFixed(1)} %`,
  );
  console.log(
    '| model / recipe | clip accuracy per fold | clip accuracy | worst fold (clip) | segment accuracy | clip macro-F1 | train s per fold |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const f3 = (x: number | null) => (x ?? Number.NaN).toFixed(3);
  const pm = (m: number | null, s: number | null) => `${f3(m)} ± ${f3(s)}`;
  for (const entry of entries) {
    const perSeed: number[][] = [];
    for (const seed of opts.seeds) {
      const name = opts.seeds.length > 1 ? `${entry.name}, seed ${seed}` : entry.name;
      const r = await crossValidate(
        data,
        {
          ...entry.options,
          seed,
          split: { kind: 'group', testSize: 0, valSize: 0.2, seed: 42 },
          threads: opts.threads,
        },
        { source: opts.manifest, sha256: '', backend },
        {
          onFold: (f) =>
            console.error(`  ${name} fold ${f.fold}: clip ${f.clipAccuracy?.toFixed(3)} (${f.seconds.toFixed(0)} s)`),
        },
      );
      const clip = r.folds.map((f) => f.clipAccuracy ?? Number.NaN);
      perSeed.push(clip);
      const worst = r.folds.reduce((w, f) => ((f.clipAccuracy ?? 1) < (w.clipAccuracy ?? 1) ? f : w));
      const secs = r.folds.reduce((a, f) => a + f.seconds, 0) / r.folds.length;
      console.log(
        `| ${name} | ${clip.map(f3).join(' ')} | ${pm(r.mean.clipAccuracy, r.sd.clipAccuracy)} | ${f3(worst.clipAccuracy)} (fold ${worst.fold}) | ${pm(r.mean.accuracy, r.sd.accuracy)} | ${pm(r.mean.macroF1, r.sd.macroF1)} | ${secs.toFixed(0)} |`,
      );
    }
    if (perSeed.length > 1) {
      const byFold = perSeed[0].map((_, i) => perSeed.reduce((a, c) => a + c[i], 0) / perSeed.length);
      console.log(
        `| ${entry.name}, mean over seeds ${opts.seeds.join(', ')} | ${byFold.map(f3).join(' ')} | ${f3(mean(byFold))} | ${f3(Math.min(...byFold))} | | | |`,
      );
    }
  }
}

function majority(labels: Int32Array, k: number): number {
  const counts = new Array<number>(k).fill(0);
  for (const l of labels) counts[l]++;
  return Math.max(...counts) / labels.length;
}
