import * as tf from '@tensorflow/tfjs';
import { copyCrop, type TrackRun, trackRuns } from './augment/crop';
import { mixup } from './augment/mixup';
import type { AugmentOptions } from './augment/options';
import { randomPlacement } from './augment/placement';
import { specAugment } from './augment/spec-augment';
import { setOperationThreads } from './backend';
import { memorySource, type SampleBlock, type SampleSource } from './batch-source';
import type { History } from './fit';
import { FastAdam } from './layers/fast-adam';
import { type ModelName, modelSpec } from './models';
import { forwardLogits } from './models/classifier';
import { classifierLoss } from './parallel/classifier-loss';
import { ReplicaPool } from './parallel/replica-pool';
import type { KerasProgress, Logs } from './progress';
import { seededRandom, shuffleInPlace } from './random';
import { learningRateAt, type Schedule } from './schedule';

/** Samples as training reads them: standardised features [n, frames, bands], labels, the model's input shape. */
export interface ClassifierSamples extends ClassifierShape {
  features: Float32Array;
  labels: Int32Array;
}

/** The layout of every sample and the classes, whatever source the rows come from. */
export interface ClassifierShape {
  frames: number;
  bands: number;
  numClasses: number;
  inputShape: readonly number[];
}

export interface ClassifierFitOptions {
  epochs: number;
  batchSize: number;
  /** Peak learning rate (the only one under the `constant` schedule). */
  learningRate: number;
  schedule: Schedule;
  /** Decoupled weight decay (AdamW): kernels shrink by lr · weightDecay each step; 0 is plain Adam. */
  weightDecay: number;
  labelSmoothing: number;
  augment: AugmentOptions;
  /** Runs of consecutive training segments per track, for random crops (`augment.crop`). */
  runs: TrackRun[];
  /** Seeds the shuffle and every augmentation draw (dropout draws from the seeded Math.random). */
  seed: number;
  /** Stop when validation loss has not improved for this many epochs, restoring the best weights (§11.4). */
  patience?: number;
  progress?: KerasProgress;
  /**
   * Threads that share each batch (data parallel, see `parallel/replica-pool.ts`), or, for models whose spec says
   * `threading: 'operations'`, that split each product (native kernels); 1 or absent trains in this thread alone.
   * More threads than rows in a batch are not used.
   */
  threads?: number;
  /** Overrides the model spec's `threading` (how `threads` > 1 are used); absent: the spec's, else `data`. */
  threading?: 'data' | 'operations';
  /** The registry name of `model`, which the worker threads rebuild; needed when `threads` > 1. */
  modelName?: ModelName;
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

/** One epoch's training inputs: a crop anywhere in a run per segment of it, or the training rows themselves. */
function epochItems(train: Int32Array, runs: TrackRun[], crop: boolean): Array<{ run: TrackRun; row: number }> {
  if (!crop) return Array.from(train, (row) => ({ run: { rows: [row], label: -1 }, row }));
  return runs.flatMap((run) => run.rows.map((row) => ({ run, row })));
}

/** `fitClassifierSource` on rows `train` and `val` of samples held in memory. */
export function fitClassifier(
  model: tf.LayersModel,
  s: ClassifierSamples,
  train: Int32Array,
  val: Int32Array,
  opts: ClassifierFitOptions,
): Promise<History> {
  const { runs, ...rest } = opts;
  const rows = { features: s.features, labels: s.labels, tracks: [], segments: new Int32Array(0) };
  return fitClassifierSource(model, memorySource(rows, { train, val, test: new Int32Array(0) }, runs), s, rest);
}

/**
 * Mini-batch training of a genre classifier on the training rows of `source`, validating on its validation rows
 * after each epoch. Each block of training rows is shuffled whole, then cut into batches (in memory: one block, the
 * whole training part). The loss is computed from the logits (so raw, unscaled features still get gradients), with
 * soft targets (label smoothing, mixup); crops, SpecAugment and mixup change training batches only. Seeded: the
 * same seed, backend and source give the same weights.
 */
export async function fitClassifierSource(
  model: tf.LayersModel,
  source: SampleSource,
  s: ClassifierShape,
  opts: Omit<ClassifierFitOptions, 'runs'>,
): Promise<History> {
  const batchesOf = (epoch: number): number =>
    source.trainPlan(epoch).reduce((sum, rows) => sum + Math.ceil(rows / opts.batchSize), 0);
  if (batchesOf(0) === 0) throw new Error('no training samples: the split left the training part empty');
  const optimizer = model.optimizer;
  if (!(optimizer instanceof FastAdam)) throw new Error(`model ${model.name} is not compiled with the Adam optimizer`);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  // originalName: tfjs suffixes `name` (`dense/kernel_1`) for every model built after the first in a process.
  const decayed = model.trainableWeights.filter((w) => w.originalName.endsWith('kernel'));
  const rand = seededRandom(opts.seed);
  const size = s.frames * s.bands;
  const k = s.numClasses;
  let totalSteps = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) totalSteps += batchesOf(epoch);
  const history: History = { epoch: [], loss: [], accuracy: [], seconds: [], bestEpoch: 0, stoppedEarly: false };
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: tf.Tensor[] | null = null;
  let wait = 0;
  let step = 0;
  const threads = Math.min(opts.threads ?? 1, opts.batchSize);
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be an integer ≥ 1, got ${opts.threads}`);
  if (threads > 1 && opts.modelName === undefined)
    throw new Error(`training ${model.name} on ${threads} threads needs its model name, which the threads rebuild`);
  // Dense-only models split each product across the threads instead (where the native kernels run).
  const withinOperations =
    threads > 1 &&
    (opts.threading ?? modelSpec(opts.modelName!).threading) === 'operations' &&
    setOperationThreads(threads);
  const pool =
    threads > 1 && !withinOperations
      ? await ReplicaPool.start(
          model,
          {
            name: opts.modelName!,
            inputShape: [...s.inputShape],
            numClasses: k,
            maxBatch: opts.batchSize,
            decayed: model.trainableWeights.flatMap((w, i) => (decayed.includes(w) ? [i] : [])),
            learningRate: opts.learningRate,
            seed: opts.seed,
            backend: tf.getBackend(),
          },
          threads,
        )
      : null;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      opts.progress?.onEpochBegin(epoch);
      const start = performance.now();
      const batches = batchesOf(epoch);
      let lossSum = 0;
      let accSum = 0;
      let seen = 0;
      let b = 0;
      for await (const block of source.train(epoch)) {
        const runs =
          block.runs ?? (opts.augment.crop ? trackRuns(block.rows, block.tracks, block.segments, block.labels) : []);
        const items = epochItems(block.rows, runs, opts.augment.crop);
        const order = shuffleInPlace(
          Int32Array.from(items, (_, i) => i),
          rand,
        );
        for (let at = 0; at < order.length; at += opts.batchSize, b++) {
          const picked = order.subarray(at, at + opts.batchSize);
          const n = picked.length;
          const x = new Float32Array(n * size);
          const y = new Float32Array(n * k).fill(opts.labelSmoothing / k);
          picked.forEach((p, i) => {
            const { run, row } = items[p];
            const out = x.subarray(i * size, (i + 1) * size);
            if (opts.augment.crop && run.rows.length > 1) {
              const span = (run.rows.length - 1) * s.frames;
              copyCrop(block.features, run, Math.floor(rand() * (span + 1)), s.frames, s.bands, out);
            } else out.set(block.features.subarray(row * size, (row + 1) * size));
            if (opts.augment.placement) randomPlacement(out, s.frames, s.bands, rand);
            y[i * k + block.labels[row]] += 1 - opts.labelSmoothing;
            // Cross-entropy is linear in the target: a scaled target is a weighted loss (argmax, hence accuracy, kept).
            const w = opts.classWeights?.[block.labels[row]];
            if (w !== undefined) for (let c = 0; c < k; c++) y[i * k + c] *= w;
          });
          if (opts.augment.specAugment) specAugment(x, s.frames, s.bands, opts.augment.specAugment, rand);
          mixup(x, y, n, opts.augment.mixup, rand);
          const lr = learningRateAt(opts.schedule, opts.learningRate, step++, totalSteps);
          optimizer.setLearningRate(lr);
          if (opts.weightDecay > 0)
            tf.tidy(() => {
              for (const w of decayed) w.write(tf.mul(w.read(), 1 - lr * opts.weightDecay));
            });
          let result: { loss: number; accuracy: number };
          if (pool) result = await pool.run(optimizer, variables, x, y, n, s.inputShape, lr, 1 - lr * opts.weightDecay);
          else {
            const xs = tf.tensor(x, [n, ...s.inputShape]);
            const ys = tf.tensor2d(y, [n, k]);
            result = trainStep(model, optimizer, variables, xs, ys);
            tf.dispose([xs, ys]);
          }
          const { loss, accuracy: acc } = result;
          // Yield to the event loop between batches, as trainOnBatch does (progress output, signals).
          await tf.nextFrame();
          lossSum += loss * n;
          accSum += acc * n;
          seen += n;
          opts.progress?.onBatchEnd(
            b,
            batches,
            { loss: lossSum / seen, accuracy: accSum / seen },
            (performance.now() - start) / 1000,
          );
        }
      }
      if (b !== batches) throw new Error(`the training rows came in ${b} batches, their plan said ${batches}`);
      const logs: Logs = { loss: lossSum / seen, accuracy: accSum / seen };
      const v = { loss: 0, right: 0, count: 0 };
      for await (const block of source.held('val')) score(model, s, block, v);
      if (v.count > 0) {
        logs.val_loss = v.loss / v.count;
        logs.val_accuracy = v.right / v.count;
      }
      const seconds = (performance.now() - start) / 1000;
      history.epoch.push(epoch + 1);
      history.seconds.push(seconds);
      history.loss.push(logs.loss);
      history.accuracy!.push(logs.accuracy);
      if (logs.val_loss !== undefined) {
        history.val_loss ??= [];
        history.val_accuracy ??= [];
        history.val_loss.push(logs.val_loss);
        history.val_accuracy.push(logs.val_accuracy);
      }
      opts.progress?.onEpochEnd(epoch, batches, logs, seconds);
      const monitored = logs.val_loss ?? logs.loss;
      if (monitored < best) {
        best = monitored;
        history.bestEpoch = epoch + 1;
        wait = 0;
        if (opts.patience !== undefined) {
          tf.dispose(bestWeights ?? []);
          bestWeights = model.getWeights().map((w) => w.clone());
        }
      } else if (opts.patience !== undefined && ++wait >= opts.patience) {
        history.stoppedEarly = true;
        opts.progress?.message(
          `Early stopping after epoch ${epoch + 1}: ${logs.val_loss !== undefined ? 'val_loss' : 'loss'} has not improved for ${opts.patience} epochs; restoring the weights of epoch ${history.bestEpoch}.`,
        );
        break;
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
    else history.bestEpoch = history.epoch.length;
  } finally {
    tf.dispose(bestWeights ?? []);
    await pool?.close();
    if (withinOperations) setOperationThreads(1);
  }
  return history;
}
