import { mulberry32 } from '@audio-dl/dsp';
import { FastAdam } from '@audio-dl/tfjs-kernels';
import { setOperationThreads } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { copyCrop, type TrackRun, trackRuns } from './augment/crop';
import { mixup } from './augment/mixup';
import { type AugmentOptions, augmentSchema } from './augment/options';
import { randomPlacement } from './augment/placement';
import { specAugment } from './augment/spec-augment';
import type { Logs, StepSettings, TrainingCallback } from './callbacks/callback';
import { decayedWeights } from './callbacks/weight-decay';
import type { History } from './history';
import { classifierLoss, forwardLogits } from './logits';
import { ReplicaPool } from './parallel/replica-pool';
import { shuffleInPlace } from './random';
import { memorySource, type SampleBlock, type SampleSource } from './source';

/** Samples as training reads them: features [n, frames, bands] (standardised), labels, the model's input shape. */
export interface ClassifierSamples extends ClassifierShape {
  features: Float32Array;
  labels: Int32Array;
  /** Real-valued targets [n, width] for the `compiled` objective (e.g. a regressor). */
  targets?: Float32Array;
}

/**
 * The layout of every sample and the classes, whatever source the rows come from. A sample is `frames` rows of
 * `bands` values (crops and SpecAugment work along those axes), which the model takes as `inputShape`.
 */
export interface ClassifierShape {
  frames: number;
  bands: number;
  numClasses: number;
  inputShape: readonly number[];
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** Learning rate each step starts from, before callbacks (a schedule) change it; absent: the optimiser's own. */
  learningRate?: number;
  /** Label smoothing of the soft targets (logits objective); 0 or absent: none. */
  labelSmoothing?: number;
  /** Training-time augmentation (logits objective); absent: none. */
  augment?: AugmentOptions;
  /** Seeds the shuffle and every augmentation draw (dropout draws from the seeded Math.random). */
  seed: number;
  /** Early stopping, progress, learning-rate schedules, weight decay: run in this order at each hook. */
  callbacks?: TrainingCallback[];
  /**
   * `logits` (default): a classifier ending in a dense softmax, compiled with `fastAdam`, trained on the
   * cross-entropy from its logits with soft targets. `compiled`: the model's own compiled loss and metrics
   * (`trainOnBatch`, `evaluate`), targets from the rows' `targets` (else their labels); one thread, no augmentation.
   */
  objective?: 'logits' | 'compiled';
  /**
   * Threads that share each batch (data parallel, see `parallel/replica-pool.ts`), or with `threading:
   * 'operations'` that split each product (native kernels); 1 or absent trains in this thread alone. More threads
   * than rows in a batch are not used.
   */
  threads?: number;
  /** How `threads` > 1 are used (default `data`). */
  threading?: 'data' | 'operations';
  /** Loss weight of each class (unbalanced data): a row's soft target is scaled by its class's weight. */
  classWeights?: Float32Array;
}

/** One optimiser step on a batch in this thread; returns the batch's mean loss and accuracy. */
function trainStep(
  model: tf.LayersModel,
  optimizer: FastAdam,
  variables: tf.Variable[],
  x: tf.Tensor,
  targets: tf.Tensor,
): { loss: number; accuracy: number } {
  let right = null as tf.Scalar | null;
  const cost = optimizer.minimize(
    () => {
      const out = classifierLoss(model, x, targets);
      right = out.right;
      return out.loss;
    },
    true,
    variables,
  );
  const loss = cost!.dataSync()[0];
  const accuracy = right!.dataSync()[0] / x.shape[0];
  tf.dispose([cost!, right!]);
  return { loss, accuracy };
}

/** Summed cross-entropy and count of right answers over the rows of `s` (no augmentation, no smoothing), from the logits. */
function score(
  model: tf.LayersModel,
  shape: ClassifierShape,
  s: SampleBlock,
  sums: { loss: number; right: number; count: number },
): void {
  const size = shape.frames * shape.bands;
  const k = shape.numClasses;
  const indices = s.rows;
  let loss = 0;
  let right = 0;
  for (let start = 0; start < indices.length; start += 256) {
    const count = Math.min(256, indices.length - start);
    const batch = new Float32Array(count * size);
    for (let i = 0; i < count; i++) {
      const row = indices[start + i];
      batch.set(s.features.subarray(row * size, (row + 1) * size), i * size);
    }
    const z = tf.tidy(() => forwardLogits(model, tf.tensor(batch, [count, ...shape.inputShape]), false).dataSync());
    for (let i = 0; i < count; i++) {
      const label = s.labels[indices[start + i]];
      let max = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let c = 0; c < k; c++)
        if (z[i * k + c] > max) {
          max = z[i * k + c];
          arg = c;
        }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[i * k + c] - max);
      loss += max + Math.log(sum) - z[i * k + label];
      if (arg === label) right++;
    }
  }
  sums.loss += loss;
  sums.right += right;
  sums.count += indices.length;
}

const METRIC_NAMES: Record<string, string> = { acc: 'accuracy', accuracy: 'accuracy' };

/** Keras names of the values `trainOnBatch`/`evaluate` return for a compiled `model`. */
function logNames(model: tf.LayersModel): string[] {
  return model.metricsNames.map((n) => (n === 'loss' ? 'loss' : (METRIC_NAMES[n] ?? n)));
}

const asArray = (v: number | number[] | tf.Scalar | tf.Scalar[]): number[] =>
  (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'number' ? x : x.dataSync()[0]));

/** A compiled model's targets for rows `rows` of `s`: their `targets` rows, else their labels. */
function compiledTargets(s: SampleBlock, rows: ArrayLike<number>): tf.Tensor {
  if (s.targets === undefined) return tf.tensor1d(Float32Array.from(rows, (r) => s.labels[r]));
  const width = s.targets.length / s.labels.length;
  const y = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) y.set(s.targets.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  return tf.tensor2d(y, [rows.length, width]);
}

/** Summed values of a compiled model's loss and metrics (`evaluate`) over the rows of `s`, weighted by rows. */
function evaluateCompiled(model: tf.LayersModel, shape: ClassifierShape, s: SampleBlock, sums: number[]): number {
  const size = shape.frames * shape.bands;
  const x = new Float32Array(s.rows.length * size);
  s.rows.forEach((row, i) => {
    x.set(s.features.subarray(row * size, (row + 1) * size), i * size);
  });
  const xs = tf.tensor(x, [s.rows.length, ...shape.inputShape]);
  const ys = compiledTargets(s, s.rows);
  const scores = model.evaluate(xs, ys, { batchSize: 256 });
  asArray(scores).forEach((v, i) => {
    sums[i] += v * s.rows.length;
  });
  tf.dispose([xs, ys, ...(Array.isArray(scores) ? scores : [scores])]);
  return s.rows.length;
}

/** One epoch's training inputs: a crop anywhere in a run per segment of it, or the training rows themselves. */
function epochItems(train: Int32Array, runs: TrackRun[], crop: boolean): Array<{ run: TrackRun; row: number }> {
  if (!crop) return Array.from(train, (row) => ({ run: { rows: [row], label: -1 }, row }));
  return runs.flatMap((run) => run.rows.map((row) => ({ run, row })));
}

/** `fit` on rows `train` and `val` of samples held in memory. */
export function fitSamples(
  model: tf.LayersModel,
  s: ClassifierSamples,
  train: Int32Array,
  val: Int32Array,
  opts: FitOptions & { runs?: TrackRun[] },
): Promise<History> {
  const { runs, ...rest } = opts;
  const rows = { features: s.features, labels: s.labels, targets: s.targets, tracks: [], segments: new Int32Array(0) };
  return fit(model, memorySource(rows, { train, val, test: new Int32Array(0) }, runs), s, rest);
}

/**
 * Mini-batch training of `model` on the training rows of `source`, validating on its validation rows after each
 * epoch: the one training loop. Each block of training rows is shuffled whole, then cut into batches (in memory:
 * one block, the whole training part). With the `logits` objective the loss is computed from the logits (so raw,
 * unscaled features still get gradients), with soft targets (label smoothing, mixup); crops, SpecAugment and mixup
 * change training batches only. Seeded: the same seed, backend and source give the same weights.
 */
export async function fit(
  model: tf.LayersModel,
  source: SampleSource,
  s: ClassifierShape,
  opts: FitOptions,
): Promise<History> {
  const batchesOf = (epoch: number): number =>
    source.trainPlan(epoch).reduce((sum, rows) => sum + Math.ceil(rows / opts.batchSize), 0);
  if (batchesOf(0) === 0) throw new Error('no training samples: the split left the training part empty');
  const compiled = opts.objective === 'compiled';
  const optimizer = model.optimizer;
  // isPrototypeOf, not instanceof: tfjs' Optimizer makes `instanceof` true for any optimizer.
  if (!compiled && !Object.prototype.isPrototypeOf.call(FastAdam.prototype, optimizer))
    throw new Error(`model ${model.name} is not compiled with the Adam optimizer`);
  const augment = opts.augment ?? augmentSchema.parse({});
  const labelSmoothing = opts.labelSmoothing ?? 0;
  const callbacks = opts.callbacks ?? [];
  const names = compiled ? logNames(model) : ['loss', 'accuracy'];
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decayed = decayedWeights(model);
  const baseRate = opts.learningRate ?? Number(optimizer.getConfig().learningRate);
  const rand = mulberry32(opts.seed);
  const size = s.frames * s.bands;
  const k = s.numClasses;
  let totalSteps = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) totalSteps += batchesOf(epoch);
  const history: History = compiled
    ? { epoch: [], loss: [], seconds: [], bestEpoch: 0, stoppedEarly: false }
    : { epoch: [], loss: [], accuracy: [], seconds: [], bestEpoch: 0, stoppedEarly: false };
  let step = 0;
  const threads = Math.min(opts.threads ?? 1, opts.batchSize);
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be an integer ≥ 1, got ${opts.threads}`);
  if (threads > 1 && compiled) throw new Error(`the compiled objective trains in one thread, not ${threads}`);
  // Dense-only models split each product across the threads instead (where the native kernels run).
  const withinOperations = threads > 1 && opts.threading === 'operations' && setOperationThreads(threads);
  const pool =
    threads > 1 && !withinOperations
      ? await ReplicaPool.start(
          model,
          optimizer as FastAdam,
          {
            inputShape: [...s.inputShape],
            numClasses: k,
            maxBatch: opts.batchSize,
            decayed: model.trainableWeights.flatMap((w, i) => (decayed.includes(w) ? [i] : [])),
            seed: opts.seed,
            backend: tf.getBackend(),
          },
          threads,
        )
      : null;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (const c of callbacks) c.onEpochBegin?.(epoch);
      const start = performance.now();
      const batches = batchesOf(epoch);
      const sums = new Array<number>(names.length).fill(0);
      let seen = 0;
      let b = 0;
      for await (const block of source.train(epoch)) {
        const runs =
          block.runs ?? (augment.crop ? trackRuns(block.rows, block.tracks, block.segments, block.labels) : []);
        const items = epochItems(block.rows, runs, augment.crop);
        const order = shuffleInPlace(
          Int32Array.from(items, (_, i) => i),
          rand,
        );
        for (let at = 0; at < order.length; at += opts.batchSize, b++) {
          const picked = order.subarray(at, at + opts.batchSize);
          const n = picked.length;
          const x = new Float32Array(n * size);
          picked.forEach((p, i) => {
            const { run, row } = items[p];
            const out = x.subarray(i * size, (i + 1) * size);
            if (augment.crop && run.rows.length > 1) {
              const span = (run.rows.length - 1) * s.frames;
              copyCrop(block.features, run, Math.floor(rand() * (span + 1)), s.frames, s.bands, out);
            } else out.set(block.features.subarray(row * size, (row + 1) * size));
            if (augment.placement) randomPlacement(out, s.frames, s.bands, rand);
          });
          const settings: StepSettings = { learningRate: baseRate, decay: 1 };
          for (const c of callbacks) c.onBatchBegin?.(step, totalSteps, settings);
          step++;
          let values: number[];
          if (compiled) {
            const xs = tf.tensor(x, [n, ...s.inputShape]);
            const ys = compiledTargets(
              block,
              Array.from(picked, (p) => items[p].row),
            );
            values = asArray(await model.trainOnBatch(xs, ys));
            tf.dispose([xs, ys]);
          } else {
            const y = new Float32Array(n * k).fill(labelSmoothing / k);
            picked.forEach((p, i) => {
              const label = block.labels[items[p].row];
              y[i * k + label] += 1 - labelSmoothing;
              // Cross-entropy is linear in the target: a scaled target is a weighted loss (argmax, hence accuracy, kept).
              const w = opts.classWeights?.[label];
              if (w !== undefined) for (let c = 0; c < k; c++) y[i * k + c] *= w;
            });
            if (augment.specAugment) specAugment(x, s.frames, s.bands, augment.specAugment, rand);
            mixup(x, y, n, augment.mixup, rand);
            const adam = optimizer as FastAdam;
            adam.setLearningRate(settings.learningRate);
            if (settings.decay !== 1)
              tf.tidy(() => {
                for (const w of decayed) w.write(tf.mul(w.read(), settings.decay));
              });
            let result: { loss: number; accuracy: number };
            if (pool)
              result = await pool.run(adam, variables, x, y, n, s.inputShape, settings.learningRate, settings.decay);
            else {
              const xs = tf.tensor(x, [n, ...s.inputShape]);
              const ys = tf.tensor2d(y, [n, k]);
              result = trainStep(model, adam, variables, xs, ys);
              tf.dispose([xs, ys]);
            }
            values = [result.loss, result.accuracy];
          }
          // Yield to the event loop between batches, as trainOnBatch does (progress output, signals).
          await tf.nextFrame();
          values.forEach((v, i) => {
            sums[i] += v * n;
          });
          seen += n;
          const running: Logs = Object.fromEntries(names.map((name, i) => [name, sums[i] / seen]));
          for (const c of callbacks) c.onBatchEnd?.(b, batches, running, (performance.now() - start) / 1000);
        }
      }
      if (b !== batches) throw new Error(`the training rows came in ${b} batches, their plan said ${batches}`);
      const logs: Logs = Object.fromEntries(names.map((name, i) => [name, sums[i] / seen]));
      const held = new Array<number>(names.length).fill(0);
      let count = 0;
      for await (const block of source.held('val')) {
        if (compiled) count += evaluateCompiled(model, s, block, held);
        else {
          const v = { loss: 0, right: 0, count: 0 };
          score(model, s, block, v);
          held[0] += v.loss;
          held[1] += v.right;
          count += v.count;
        }
      }
      if (count > 0)
        names.forEach((name, i) => {
          logs[`val_${name}`] = held[i] / count;
        });
      const seconds = (performance.now() - start) / 1000;
      history.epoch.push(epoch + 1);
      history.seconds.push(seconds);
      for (const [key, v] of Object.entries(logs)) {
        const series = key as 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy';
        history[series] ??= [];
        history[series].push(v);
      }
      const stops = callbacks
        .map((c) => c.onEpochEnd?.(epoch, batches, logs, seconds))
        .filter((t) => typeof t === 'string');
      if (stops.length > 0) {
        history.stoppedEarly = true;
        for (const text of stops) for (const c of callbacks) c.message?.(text);
        break;
      }
    }
    history.bestEpoch = history.epoch.length;
    for (const c of callbacks) c.onTrainEnd?.(history);
  } finally {
    for (const c of callbacks) c.dispose?.();
    await pool?.close();
    if (withinOperations) setOperationThreads(1);
  }
  return history;
}
