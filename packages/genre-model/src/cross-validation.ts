import { mulberry32 } from '@audio-dl/dsp';
import { shuffleInPlace } from '@audio-dl/trainer/portable';
import { z } from 'zod';
import { hasFolds, hasGroups, hasTracks } from './data';
import { trainEnsemble } from './ensemble';
import { disposeModel } from './models';
import type { SplitInput } from './split-options';
import { oneLabelEach } from './stratified-split';
import { type TrainContext, type TrainingData, type TrainOptions, trainGenreModel } from './train';

export const cvFoldSchema = z.object({
  fold: z.string(),
  /** Segment accuracy on the fold. */
  accuracy: z.number(),
  /** Clip (track) accuracy: the mean of a clip's segment probabilities. */
  clipAccuracy: z.number().nullable(),
  /** Macro-F1 of the clip predictions (of segments when clips are unnamed). */
  macroF1: z.number(),
  balancedAccuracy: z.number(),
  /** Clips in the fold (segments when clips are unnamed). */
  n: z.number().int(),
  segments: z.number().int(),
  seconds: z.number(),
});
export type CvFold = z.infer<typeof cvFoldSchema>;

const statsSchema = z.object({
  accuracy: z.number(),
  clipAccuracy: z.number().nullable(),
  macroF1: z.number(),
  balancedAccuracy: z.number(),
});
/** What each fold trained: folds run apart are merged only when it is the same. Absent in files from before it. */
export const cvTrainingSchema = z.object({
  model: z.string(),
  epochs: z.number().int().positive(),
  /** Models averaged per fold (1: one). */
  members: z.number().int().positive(),
});
export type CvTraining = z.infer<typeof cvTrainingSchema>;

export const cvResultSchema = z.object({
  /**
   * `predefined`: the data's own folds; `grouped`: k folds of whole groups (or tracks) made here;
   * `leave-one-group-out`: a fold per group.
   */
  protocol: z.enum(['predefined', 'grouped', 'leave-one-group-out']),
  training: cvTrainingSchema.optional(),
  folds: z.array(cvFoldSchema),
  mean: statsSchema,
  sd: statsSchema,
});
export type CvResult = z.infer<typeof cvResultSchema>;

/** The order folds are named in: numerically when every name is a number ("2" before "10"). */
export const foldOrder = (names: Iterable<string>): string[] => {
  const list = [...new Set(names)];
  const numeric = list.every((n) => n.trim() !== '' && Number.isFinite(Number(n)));
  return list.sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
};

/**
 * The fold of every row for cross-validation: the data's own folds (leave one fold out), or, with `k` (or when the
 * data has none), k folds of whole groups (whole tracks when there are no groups) dealt in a seeded order to the fold
 * with the fewest rows so far; when every group holds one label, label by label to the fold with the fewest rows of
 * that label (stratified, as sklearn's StratifiedGroupKFold). `leaveOneGroupOut`: each group is a fold (sklearn's
 * LeaveOneGroupOut). Depends only on the data and the seed, so every machine computes the same folds.
 */
export function crossValidationFolds(
  data: SplitInput,
  opts: { k?: number; seed: number; leaveOneGroupOut?: boolean },
): { protocol: CvResult['protocol']; folds: string[]; names: string[] } {
  if (opts.leaveOneGroupOut) {
    if (opts.k !== undefined) throw new Error('leave-one-group-out makes a fold of each group; it takes no k');
    if (!hasGroups(data))
      throw new Error(
        'leave-one-group-out needs a group for every row (preprocess with --group-column); the data has none',
      );
    const groups = data.groups as string[];
    const names = foldOrder(groups);
    if (names.length < 2) throw new Error(`leave-one-group-out needs at least 2 groups; the data has ${names.length}`);
    return { protocol: 'leave-one-group-out', folds: [...groups], names };
  }
  if (opts.k === undefined && hasFolds(data)) {
    const folds = data.folds as string[];
    return { protocol: 'predefined', folds, names: foldOrder(folds) };
  }
  const k = opts.k ?? 5;
  const n = data.labels.length;
  const keys = hasGroups(data)
    ? (data.groups as string[])
    : hasTracks(data)
      ? data.tracks
      : Array.from({ length: n }, (_, i) => String(i));
  const rowsOf = new Map<string, number[]>();
  keys.forEach((key, i) => {
    const list = rowsOf.get(key);
    if (list) list.push(i);
    else rowsOf.set(key, [i]);
  });
  const units = [...rowsOf.keys()].sort();
  if (units.length < k)
    throw new Error(`${k} folds need at least ${k} groups (or tracks); the data has ${units.length}`);
  const order = shuffleInPlace(
    Int32Array.from(units, (_, i) => i),
    mulberry32(opts.seed),
  );
  const labelOf = (u: number): number => data.labels[(rowsOf.get(units[u]) as number[])[0]];
  const pure = oneLabelEach(rowsOf.values(), data.labels);
  // Units of one label each are dealt label by label (stratified), so every fold holds its share of each label.
  const dealt = pure ? [...order].sort((a, b) => labelOf(a) - labelOf(b)) : [...order];
  const sizes = new Array<number>(k).fill(0);
  const labelSizes = Array.from({ length: k }, () => new Array<number>(data.mapping.length).fill(0));
  const folds = new Array<string>(n);
  for (const u of dealt) {
    const rows = rowsOf.get(units[u]) as number[];
    let f = 0;
    for (let g = 1; g < k; g++) {
      const [a, b] = pure ? [labelSizes[g][labelOf(u)], labelSizes[f][labelOf(u)]] : [0, 0];
      if (a < b || (a === b && sizes[g] < sizes[f])) f = g;
    }
    for (const i of rows) folds[i] = String(f + 1);
    sizes[f] += rows.length;
    labelSizes[f][labelOf(u)] += rows.length;
  }
  return { protocol: 'grouped', folds, names: Array.from({ length: k }, (_, f) => String(f + 1)) };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation (n − 1), 0 for one fold. */
const sd = (xs: number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

/** Mean and standard deviation over folds, in fold order (folds run apart are merged with this). */
export function summarizeFolds(protocol: CvResult['protocol'], folds: CvFold[]): CvResult {
  if (folds.length === 0) throw new Error('no folds to summarise');
  const ordered = foldOrder(folds.map((f) => f.fold)).map((name) => {
    const same = folds.filter((f) => f.fold === name);
    if (same.length > 1) throw new Error(`fold ${name} is given ${same.length} times`);
    return same[0];
  });
  const clip = ordered.every((f) => f.clipAccuracy !== null);
  const over = (pick: (f: CvFold) => number) => ordered.map(pick);
  const clipValues = over((f) => f.clipAccuracy ?? Number.NaN);
  return {
    protocol,
    folds: ordered,
    mean: {
      accuracy: mean(over((f) => f.accuracy)),
      clipAccuracy: clip ? mean(clipValues) : null,
      macroF1: mean(over((f) => f.macroF1)),
      balancedAccuracy: mean(over((f) => f.balancedAccuracy)),
    },
    sd: {
      accuracy: sd(over((f) => f.accuracy)),
      clipAccuracy: clip ? sd(clipValues) : null,
      macroF1: sd(over((f) => f.macroF1)),
      balancedAccuracy: sd(over((f) => f.balancedAccuracy)),
    },
  };
}

/** `data` with the fold of every row replaced (in memory or a streamed scan). */
function withFolds(data: TrainingData, folds: string[]): TrainingData {
  return 'scan' in data ? { ...data, scan: { ...data.scan, folds } } : { ...data, folds };
}

export interface CrossValidationOptions {
  /** k grouped folds instead of the data's own. */
  k?: number;
  /** A fold per group instead of the data's own folds. */
  leaveOneGroupOut?: boolean;
  /** Run only these folds (by name); the others can run elsewhere, and `summarizeFolds` joins them. */
  only?: string[];
  /** Seed of the grouped folds; defaults to the split's. */
  seed?: number;
  /** Models averaged in each fold (`trainEnsemble`, `train --ensemble`); absent or 1: one model. */
  members?: number;
  onFold?: (fold: CvFold, index: number, of: number) => void;
  onFoldStart?: (name: string, index: number, of: number) => void;
}

/**
 * Cross-validation: for each fold, trains on the others (validation carved out of them by `train.split.kind`) and
 * scores the fold. Each fold's result depends only on the data, the options and the fold, so folds may run on
 * several threads or machines and be merged (`summarizeFolds`). The result records the model, its epochs and the
 * models averaged per fold (`training`).
 */
export async function crossValidate(
  data: TrainingData,
  train: TrainOptions,
  ctx: TrainContext,
  opts: CrossValidationOptions = {},
): Promise<CvResult> {
  const rows = 'scan' in data ? data.scan : data;
  const members = opts.members ?? 1;
  if (members > 1 && 'scan' in data)
    throw new Error('an ensemble in each fold needs the data set in memory, and it is streamed; train one model');
  const seed = opts.seed ?? train.split?.seed ?? 42;
  const { protocol, folds, names } = crossValidationFolds(rows, {
    k: opts.k,
    seed,
    leaveOneGroupOut: opts.leaveOneGroupOut,
  });
  const unknown = (opts.only ?? []).filter((f) => !names.includes(f));
  if (unknown.length > 0) throw new Error(`no fold ${unknown.join(', ')} (folds: ${names.join(', ')})`);
  const run = opts.only ? names.filter((f) => opts.only?.includes(f)) : names;
  const input = withFolds(data, folds);
  const results: CvFold[] = [];
  let training: CvTraining | undefined;
  for (const [index, fold] of run.entries()) {
    opts.onFoldStart?.(fold, index, run.length);
    const started = performance.now();
    const options = { ...train, split: { ...train.split, testFold: fold } };
    const result =
      members > 1 && !('scan' in input)
        ? await trainEnsemble(input, options, ctx, members)
        : await trainGenreModel(input, options, ctx);
    disposeModel(result.model);
    training ??= { model: result.meta.model, epochs: result.meta.training.epochs, members };
    const m = result.metrics;
    if (!m) throw new Error(`fold ${fold}: no test rows`);
    const named = m.trackAccuracy !== null;
    const entry: CvFold = {
      fold,
      accuracy: m.accuracy,
      clipAccuracy: m.trackAccuracy,
      macroF1: (named ? m.trackMacroF1 : m.macroF1) ?? Number.NaN,
      balancedAccuracy: m.balancedAccuracy ?? Number.NaN,
      n: m.tracks ?? m.segments,
      segments: m.segments,
      seconds: (performance.now() - started) / 1000,
    };
    results.push(entry);
    opts.onFold?.(entry, index, run.length);
  }
  return { ...summarizeFolds(protocol, results), ...(training ? { training } : {}) };
}

/** The table `audio-dl cv` prints: one line per fold, then mean ± sd. */
export function formatCrossValidation(result: CvResult): string {
  const pct = (x: number | null) => (x === null ? '   n/a' : `${(100 * x).toFixed(1).padStart(5)}%`);
  const lines = [
    `fold      n  segment acc  clip acc  macro-F1  balanced acc`,
    ...result.folds.map(
      (f) =>
        `${f.fold.padEnd(5)} ${String(f.n).padStart(5)}  ${pct(f.accuracy).padStart(11)}  ${pct(f.clipAccuracy).padStart(8)}  ${f.macroF1.toFixed(3).padStart(8)}  ${pct(f.balancedAccuracy).padStart(12)}`,
    ),
    `mean ± sd   ${pct(result.mean.accuracy)} ± ${(100 * result.sd.accuracy).toFixed(1)}  clip ${pct(result.mean.clipAccuracy)} ± ${result.sd.clipAccuracy === null ? 'n/a' : (100 * result.sd.clipAccuracy).toFixed(1)}  macro-F1 ${result.mean.macroF1.toFixed(3)} ± ${result.sd.macroF1.toFixed(3)}`,
  ];
  return lines.join('\n');
}
