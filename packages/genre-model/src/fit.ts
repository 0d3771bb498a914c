import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { KerasProgress, Logs } from './progress';
import { seededRandom, shuffleInPlace } from './random';

/** Per-epoch history with Keras' key names, plus where early stopping ended. */
export const historySchema = z.object({
  epoch: z.array(z.number().int()),
  loss: z.array(z.number()),
  accuracy: z.array(z.number()).optional(),
  val_loss: z.array(z.number()).optional(),
  val_accuracy: z.array(z.number()).optional(),
  seconds: z.array(z.number()),
  /** 1-based epoch whose weights the model holds after training. */
  bestEpoch: z.number().int(),
  stoppedEarly: z.boolean(),
});
export type History = z.infer<typeof historySchema>;

export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** Seeds the per-epoch shuffle of the training samples. */
  seed: number;
  /** Stop when validation loss has not improved for this many epochs, restoring the best weights (§11.4). */
  patience?: number;
  progress?: KerasProgress;
}

const METRIC_NAMES: Record<string, string> = { acc: 'accuracy', accuracy: 'accuracy' };

/** Keras names of the values `trainOnBatch`/`evaluate` return for `model`. */
function logNames(model: tf.LayersModel): string[] {
  return model.metricsNames.map((n) => (n === 'loss' ? 'loss' : (METRIC_NAMES[n] ?? n)));
}

const asArray = (v: number | number[] | tf.Scalar | tf.Scalar[]): number[] =>
  (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'number' ? x : x.dataSync()[0]));

/** Picks `indices` rows of a [n, ...] tensor. */
const rows = (x: tf.Tensor, indices: Int32Array): tf.Tensor =>
  tf.tidy(() => tf.gather(x, tf.tensor1d(indices, 'int32')));

/**
 * Mini-batch training of a compiled model on `x`/`y` rows `train`, validating on rows `val` after each
 * epoch. Our own loop instead of `model.fit` so the shuffle is seeded and early stopping can keep the
 * best weights.
 */
export async function fitModel(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  train: Int32Array,
  val: Int32Array,
  opts: FitOptions,
): Promise<History> {
  if (train.length === 0) throw new Error('no training samples: the split left the training part empty');
  const names = logNames(model);
  const rand = seededRandom(opts.seed);
  const order = Int32Array.from(train);
  const batches = Math.ceil(order.length / opts.batchSize);
  const history: History = { epoch: [], loss: [], seconds: [], bestEpoch: 0, stoppedEarly: false };
  const push = (key: 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy', v: number) => {
    history[key] ??= [];
    history[key].push(v);
  };
  const xVal = val.length > 0 ? rows(x, val) : null;
  const yVal = val.length > 0 ? rows(y, val) : null;
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: tf.Tensor[] | null = null;
  let wait = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      opts.progress?.onEpochBegin(epoch);
      const start = performance.now();
      shuffleInPlace(order, rand);
      const sums = new Array<number>(names.length).fill(0);
      let seen = 0;
      for (let b = 0; b < batches; b++) {
        const idx = order.subarray(b * opts.batchSize, (b + 1) * opts.batchSize);
        const xb = rows(x, idx);
        const yb = rows(y, idx);
        const values = asArray(await model.trainOnBatch(xb, yb));
        tf.dispose([xb, yb]);
        values.forEach((v, i) => {
          sums[i] += v * idx.length;
        });
        seen += idx.length;
        const logs: Logs = Object.fromEntries(names.map((n, i) => [n, sums[i] / seen]));
        opts.progress?.onBatchEnd(b, batches, logs, (performance.now() - start) / 1000);
      }
      const logs: Logs = Object.fromEntries(names.map((n, i) => [n, sums[i] / seen]));
      if (xVal && yVal) {
        const scores = model.evaluate(xVal, yVal, { batchSize: 256 });
        const values = asArray(scores);
        tf.dispose(scores);
        names.forEach((n, i) => {
          logs[`val_${n}`] = values[i];
        });
      }
      const seconds = (performance.now() - start) / 1000;
      history.epoch.push(epoch + 1);
      history.seconds.push(seconds);
      for (const [key, v] of Object.entries(logs)) push(key as 'loss', v);
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
          `Early stopping after epoch ${epoch + 1}: ${xVal ? 'val_loss' : 'loss'} has not improved for ${opts.patience} epochs; restoring the weights of epoch ${history.bestEpoch}.`,
        );
        break;
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
    else history.bestEpoch = history.epoch.length;
  } finally {
    tf.dispose([...(bestWeights ?? []), ...(xVal ? [xVal] : []), ...(yVal ? [yVal] : [])]);
  }
  return history;
}
