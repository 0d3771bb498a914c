import {
  augmentOverrideSchema,
  EarlyStopping,
  fit,
  type History,
  type KerasProgress,
  LearningRateSchedule,
  memorySource,
  type SampleSource,
  type TrainingCallback,
  trackRuns,
  WeightDecay,
  withSeededMathRandom,
} from '@audio-dl/trainer';
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { type StreamedData, streamSource, streamStandardization, WINDOW_BYTES } from './batch-source';
import { checkGenreData, checkLabels, type GenreData } from './data';
import { type ModelMeta, versions } from './io';
import type { Metrics } from './metrics';
import { defaultEpochs, defaultWidth, formatShape, type ModelName, modelNames, modelSpec, ShapeError } from './models';
import { recipePooling } from './pooling';
import { recipeSchema } from './recipe';
import { scoreSource } from './score-source';
import { splitData } from './split';
import { type Split, splitSchema } from './split-options';
import { applyStandardization, fitStandardization, type Standardization } from './standardize';
import { trainSettingsShape } from './train-settings';

/** What `trainGenreModel` trains on: a data set in memory, or one streamed from its files (`openData`). */
export type TrainingData = GenreData | StreamedData;

const isStreamed = (d: TrainingData): d is StreamedData => 'scan' in d;

/**
 * The model `audio-dl train` picks when none is named. On real recordings (BENCHMARKS.md, accuracy table on
 * instruments-dev, chosen on validation accuracy) `mel-cnn` with its recipe was best for both feature kinds: 0.75
 * validation accuracy on MFCC, 0.69 on 64-band log-mel, against 0.39 for the `stats` baseline.
 */
export function recommendedModel(_params: GenreData['params']): ModelName {
  return 'mel-cnn';
}

/** `trainGenreModel`'s options: the train settings' fields (`trainSettingsShape`), shaped for the library. */
const t = trainSettingsShape;
export const trainOptionsSchema = z.object({
  /** Absent: the recommended model for the data's features (`recommendedModel`); `addition` is refused by name. */
  model: z.enum(modelNames).optional(),
  /** Defaults to the model's own (the course's) when absent. */
  epochs: t.epochs.optional(),
  batchSize: t.batchSize.optional(),
  learningRate: t.lr.optional(),
  split: splitSchema.default(splitSchema.parse({})),
  /** Seed of the initialisation, dropout and augmentation draws; defaults to the split's seed. */
  seed: z.number().int().optional(),
  patience: t.patience.optional(),
  standardize: t.standardize,
  /** Each absent field keeps the model's own recipe. */
  weightDecay: t.weightDecay.optional(),
  schedule: t.schedule.optional(),
  labelSmoothing: t.labelSmoothing.optional(),
  augment: augmentOverrideSchema.optional(),
  /** mel-cnn's global pooling; absent: the recipe's for the data (`recipePooling`). */
  pooling: t.pooling.optional(),
  /** mel-cnn's first block's channels; absent: the recipe's for the data (`defaultWidth`). */
  width: t.width.optional(),
  /**
   * Threads that share each training batch (data parallel, `fitClassifier`); 1 trains in this thread alone. The same
   * seed, thread count and backend give the same metrics; other thread counts differ by float rounding, and for
   * models with batch norm or dropout by the replicas' own batch statistics and masks.
   */
  threads: t.threads.default(1),
  /** `balanced`: weigh each genre's loss by n / (k · its training rows), as sklearn's `class_weight='balanced'`. */
  classWeights: t.classWeights.default('none'),
});
export type TrainOptions = z.input<typeof trainOptionsSchema>;

/** Where the data came from and what runs it, recorded in `audio-dl.json`. */
export interface TrainContext {
  /** The data file's path (for messages and the record). */
  source: string;
  sha256: string;
  backend: string;
  progress?: KerasProgress;
  /**
   * Waveform-augmented copies (`audio-dl preprocess --augment`) of the data's tracks: the copies of training tracks
   * join the training part; validation and test never see a copy.
   */
  augmented?: { data: GenreData; source: string; sha256: string };
  /** Called with the built model before training starts (e.g. to print its summary). */
  onModel?: (model: tf.LayersModel) => void;
}

export interface TrainResult {
  model: tf.LayersModel;
  meta: ModelMeta;
  history: History;
  split: Split;
  /** Scores on the held-out test part; null when the split left it empty. */
  metrics: Metrics | null;
}

/** Throws unless samples of `sampleShape` fit model `name` (naming both shapes and the file). */
export function checkModelFits(
  name: (typeof modelNames)[number],
  sampleShape: readonly number[],
  source: string,
): number[] {
  try {
    return modelSpec(name).inputShape(sampleShape);
  } catch (err) {
    if (err instanceof ShapeError)
      throw new ShapeError(`${source}: samples of shape ${formatShape(sampleShape)} do not fit: ${err.message}`);
    throw err;
  }
}

/** n / (k · count) per genre over the training rows (a genre absent from them weighs 1). */
export function balancedWeights(labels: Int32Array, train: Int32Array, k: number): Float32Array {
  const counts = new Float64Array(k);
  for (const i of train) counts[labels[i]]++;
  return Float32Array.from(counts, (c) => (c === 0 ? 1 : train.length / (k * c)));
}

type Rows = Pick<GenreData, 'features' | 'labels' | 'tracks'> & { segments: Int32Array };

/**
 * The rows of `augmented` whose source track is in the training part `train` of `data`, their tracks renamed so
 * crops never join a copy to the original. Throws unless the copies were made as `data` was.
 */
function augmentedRows(data: GenreData, train: Int32Array, augmented: GenreData, source: string): Rows {
  checkGenreData(augmented, source);
  if (formatShape(augmented.shape.slice(1)) !== formatShape(data.shape.slice(1)))
    throw new ShapeError(
      `${source}: augmented samples of shape ${formatShape(augmented.shape.slice(1))} differ from the data's ${formatShape(data.shape.slice(1))}`,
    );
  if (augmented.mapping.join('\n') !== data.mapping.join('\n'))
    throw new Error(
      `${source}: labels [${augmented.mapping.join(', ')}] differ from the data's [${data.mapping.join(', ')}]`,
    );
  if (JSON.stringify(augmented.params ?? null) !== JSON.stringify(data.params ?? null))
    throw new Error(`${source}: feature parameters differ from the data's`);
  const trainTracks = new Set(Array.from(train, (i) => data.tracks[i]));
  const picked = augmented.tracks.flatMap((t, i) => (trainTracks.has(t) ? [i] : []));
  const size = data.shape[1] * data.shape[2];
  const features = new Float32Array(picked.length * size);
  picked.forEach((i, j) => {
    features.set(augmented.features.subarray(i * size, (i + 1) * size), j * size);
  });
  return {
    features,
    labels: Int32Array.from(picked, (i) => augmented.labels[i]),
    tracks: picked.map((i) => `${augmented.tracks[i]} (augmented)`),
    segments: Int32Array.from(picked, (i) => augmented.segments?.[i] ?? -1),
  };
}

/** `data` with `extra` rows after its own. */
function appendRows(data: GenreData, extra: Rows): Rows {
  const features = new Float32Array(data.features.length + extra.features.length);
  features.set(data.features);
  features.set(extra.features, data.features.length);
  const labels = new Int32Array(data.labels.length + extra.labels.length);
  labels.set(data.labels);
  labels.set(extra.labels, data.labels.length);
  const segments = new Int32Array(labels.length).fill(-1);
  if (data.segments) segments.set(data.segments);
  segments.set(extra.segments, data.labels.length);
  return { features, labels, tracks: [...data.tracks, ...extra.tracks], segments };
}

/**
 * Splits `input` (by track ids and labels alone), optionally standardises it with training-part statistics, builds
 * model `opts.model` and trains it (seeded: the same seed, backend and data layout give the same metrics), then
 * scores the test part. A streamed data set is read a window of chunks at a time (`streamSource`): its statistics
 * come from a pass over the training rows, and its epochs read the chunks in a seeded order.
 */
export async function trainGenreModel(
  input: TrainingData,
  options: TrainOptions,
  ctx: TrainContext,
): Promise<TrainResult> {
  const opts = trainOptionsSchema.parse(options);
  const rows = isStreamed(input) ? input.scan : input;
  const modelName = opts.model ?? recommendedModel(rows.params ?? null);
  const spec = modelSpec(modelName);
  if (spec.kind !== 'classifier')
    throw new ShapeError(
      `model ${modelName} is not a classifier (it takes samples of shape [2]); ${ctx.source} holds samples of shape ${formatShape(rows.shape.slice(1))} — run \`audio-dl tf addition\` for it`,
    );
  // A pooling or width the model would not read is a mistake in the options, not something to ignore.
  if (opts.pooling !== undefined && !spec.globalPooling)
    throw new Error(`pooling: ${modelName} has no global pooling to choose (mel-cnn has)`);
  if (opts.width !== undefined && spec.defaults.width === undefined)
    throw new Error(`width: ${modelName} is built in one width (mel-cnn takes one)`);
  const sampleShape = rows.shape.slice(1);
  const inputShape = checkModelFits(modelName, sampleShape, ctx.source);
  if (isStreamed(input)) checkLabels(input.scan, ctx.source);
  else checkGenreData(input, ctx.source);
  const split = splitData(rows, opts.split);
  const seed = opts.seed ?? opts.split.seed;
  const n = rows.shape[0];
  const [, frames, bands] = rows.shape;
  let standardization: Standardization | null = null;
  let source: SampleSource;
  let extra: Rows | null = null;
  let windowRows: number | null = null;
  if (isStreamed(input)) {
    if (ctx.augmented)
      throw new Error(
        `${ctx.source}: augmented copies (${ctx.augmented.source}) need the data set in memory, and it is being streamed; raise the memory budget or train without them`,
      );
    if (opts.standardize) standardization = await streamStandardization(input, split.train);
    windowRows = Math.max(1, Math.floor(WINDOW_BYTES / (frames * bands * 4)));
    source = streamSource(input, split, standardization, { seed, windowRows });
  } else {
    const data = input;
    if (opts.standardize) standardization = fitStandardization(data.features, data.shape, split.train);
    extra = ctx.augmented ? augmentedRows(data, split.train, ctx.augmented.data, ctx.augmented.source) : null;
    const all = extra ? appendRows(data, extra) : data;
    const trainRows = extra
      ? Int32Array.from([...split.train, ...Array.from({ length: extra.labels.length }, (_, j) => data.shape[0] + j)])
      : split.train;
    const features = standardization ? applyStandardization(all.features, standardization) : all.features;
    const segments = all.segments ?? new Int32Array(all.labels.length).fill(-1);
    source = memorySource(
      { features, labels: all.labels, tracks: all.tracks, segments },
      { ...split, train: trainRows },
      trackRuns(trainRows, all.tracks, all.segments, all.labels),
    );
  }
  const epochs = opts.epochs ?? defaultEpochs(modelName, rows.params);
  const batchSize = opts.batchSize ?? spec.defaults.batchSize;
  const learningRate = opts.learningRate ?? spec.defaults.learningRate;
  const base = recipeSchema.parse(spec.defaults.recipe ?? {});
  const recipe = recipeSchema.parse({
    weightDecay: opts.weightDecay ?? base.weightDecay,
    schedule: opts.schedule ?? base.schedule,
    labelSmoothing: opts.labelSmoothing ?? base.labelSmoothing,
    augment: { ...base.augment, ...opts.augment },
  });
  // Only a model with a global pooling takes one; it follows the data unless named.
  const pooling = spec.globalPooling ? (opts.pooling ?? recipePooling(rows.params)) : undefined;
  // Likewise the width, for a model built in widths.
  const width = spec.defaults.width === undefined ? undefined : (opts.width ?? defaultWidth(modelName, rows.params));
  const shape = { frames, bands, numClasses: rows.mapping.length, inputShape };
  const classWeights =
    opts.classWeights === 'balanced' ? balancedWeights(rows.labels, split.train, rows.mapping.length) : undefined;
  const { model, history } = await withSeededMathRandom(seed, async () => {
    const model = spec.build(inputShape, rows.mapping.length, {
      learningRate,
      ...(pooling ? { pooling } : {}),
      ...(width ? { width } : {}),
    });
    ctx.onModel?.(model);
    const callbacks: TrainingCallback[] = [
      new LearningRateSchedule(recipe.schedule, learningRate),
      new WeightDecay(recipe.weightDecay),
      ...(opts.patience === undefined ? [] : [new EarlyStopping(model, opts.patience)]),
      ...(ctx.progress ? [ctx.progress] : []),
    ];
    const history = await fit(model, source, shape, {
      epochs,
      batchSize,
      learningRate,
      labelSmoothing: recipe.labelSmoothing,
      augment: recipe.augment,
      seed,
      callbacks,
      threads: opts.threads,
      threading: spec.threading,
      classWeights,
    });
    return { model, history };
  });
  const metrics = split.test.length === 0 ? null : await scoreSource(model, source, shape, rows.mapping);
  const meta: ModelMeta = {
    format: 'audio-dl-model',
    version: 1,
    model: modelName,
    sampleShape,
    inputShape,
    mapping: [...rows.mapping],
    featureParams: rows.params ?? null,
    standardization,
    split: opts.split,
    seed,
    training: {
      epochs,
      batchSize,
      learningRate,
      patience: opts.patience ?? null,
      epochsRun: history.epoch.length,
      bestEpoch: history.bestEpoch,
      stoppedEarly: history.stoppedEarly,
      recipe,
      ...(pooling ? { pooling } : {}),
      ...(width ? { width } : {}),
      threads: opts.threads,
      ...(classWeights ? { classWeights: Array.from(classWeights) } : {}),
      reading: { kind: source.kind, windowRows },
    },
    data: { path: ctx.source, sha256: ctx.sha256, samples: n },
    augmented: ctx.augmented
      ? {
          path: ctx.augmented.source,
          sha256: ctx.augmented.sha256,
          samples: extra?.labels.length ?? 0,
          augment: ctx.augmented.data.meta?.augment ?? null,
        }
      : null,
    backend: ctx.backend,
    versions: versions(),
    createdAt: new Date().toISOString(),
  };
  return { model, meta, history, split, metrics };
}
