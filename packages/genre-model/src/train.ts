import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { checkGenreData, type GenreData } from './data';
import { fitModel, type History } from './fit';
import { type ModelMeta, versions } from './io';
import { computeMetrics, type Metrics } from './metrics';
import { formatShape, modelNames, modelSpec, ShapeError } from './models';
import { predictSamples } from './predict-samples';
import type { KerasProgress } from './progress';
import { withSeededMathRandom } from './random';
import { type Split, splitData, splitSchema } from './split';
import { applyStandardization, fitStandardization, type Standardization } from './standardize';

export const trainOptionsSchema = z.object({
  model: z.enum(modelNames),
  /** Defaults to the model's own (the course's) when absent. */
  epochs: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  learningRate: z.number().positive().optional(),
  split: splitSchema.default(splitSchema.parse({})),
  patience: z.number().int().positive().optional(),
  standardize: z.boolean().default(false),
});
export type TrainOptions = z.input<typeof trainOptionsSchema>;

/** Where the data came from and what runs it, recorded in `audio-dl.json`. */
export interface TrainContext {
  /** The data file's path (for messages and the record). */
  source: string;
  sha256: string;
  backend: string;
  progress?: KerasProgress;
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

/**
 * Splits `data`, optionally standardises it with training-part statistics, builds model `opts.model`
 * and trains it (seeded: the same seed and backend give the same metrics), then scores the test part.
 */
export async function trainGenreModel(data: GenreData, options: TrainOptions, ctx: TrainContext): Promise<TrainResult> {
  const opts = trainOptionsSchema.parse(options);
  const spec = modelSpec(opts.model);
  if (spec.kind !== 'classifier')
    throw new ShapeError(
      `model ${opts.model} is not a genre classifier (it takes samples of shape [2]); ${ctx.source} holds samples of shape ${formatShape(data.shape.slice(1))} — run \`audio-dl tf addition\` for it`,
    );
  const sampleShape = data.shape.slice(1);
  const inputShape = checkModelFits(opts.model, sampleShape, ctx.source);
  checkGenreData(data, ctx.source);
  const split = splitData(data, opts.split);
  const standardization: Standardization | null = opts.standardize
    ? fitStandardization(data.features, data.shape, split.train)
    : null;
  const features = standardization ? applyStandardization(data.features, standardization) : data.features;
  const epochs = opts.epochs ?? spec.defaults.epochs;
  const batchSize = opts.batchSize ?? spec.defaults.batchSize;
  const learningRate = opts.learningRate ?? spec.defaults.learningRate;
  const seed = opts.split.seed;
  const n = data.shape[0];
  const { model, history } = await withSeededMathRandom(seed, async () => {
    const model = spec.build(inputShape, data.mapping.length, { learningRate });
    ctx.onModel?.(model);
    const x = tf.tensor(features, [n, ...inputShape]);
    const y = tf.tensor1d(Float32Array.from(data.labels));
    try {
      const history = await fitModel(model, x, y, split.train, split.val, {
        epochs,
        batchSize,
        seed,
        patience: opts.patience,
        progress: ctx.progress,
      });
      return { model, history };
    } finally {
      tf.dispose([x, y]);
    }
  });
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  const metrics =
    split.test.length === 0
      ? null
      : computeMetrics(
          predictSamples(model, features, sampleSize, inputShape, split.test),
          Array.from(split.test, (i) => data.labels[i]),
          Array.from(split.test, (i) => data.tracks[i]),
          data.mapping,
        );
  const meta: ModelMeta = {
    format: 'audio-dl-model',
    version: 1,
    model: opts.model,
    sampleShape,
    inputShape,
    mapping: [...data.mapping],
    featureParams: data.params ?? null,
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
    },
    data: { path: ctx.source, sha256: ctx.sha256, samples: n },
    backend: ctx.backend,
    versions: versions(),
    createdAt: new Date().toISOString(),
  };
  return { model, meta, history, split, metrics };
}
