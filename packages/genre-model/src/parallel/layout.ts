import type * as tf from '@tensorflow/tfjs';
import type { ModelName } from '../models';

/** What a replica thread needs to build the same model as the main thread, and where the buffers it shares are. */
export interface ReplicaSetup {
  model: ModelName;
  inputShape: number[];
  numClasses: number;
  /** The tfjs backend the main thread runs (`tf.getBackend()`); every replica starts the same one. */
  backend: string;
  /** Seeds the replica's `Math.random` (its dropout masks), with its index, so runs repeat. */
  seed: number;
  index: number;
  /** Element counts of the model's trainable weights, then its non-trainable ones, in `model.weights` order. */
  trainableSizes: number[];
  stateSizes: number[];
  buffers: ReplicaBuffers;
}

/** Shared memory of one replica: written by one side, read by the other, never both at once. */
export interface ReplicaBuffers {
  /** Main → replica: every weight (trainable, then non-trainable) before the step. Shared by all replicas. */
  weights: SharedArrayBuffer;
  /** Main → replica: the replica's rows of the batch and their soft targets. */
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  /** Replica → main: the gradient of its shard's mean loss, trainable weights in order. */
  grads: SharedArrayBuffer;
  /** Replica → main: its non-trainable weights (batch-norm moving statistics) after the step. */
  state: SharedArrayBuffer;
  /** Replica → main: [mean loss, rows right] of its shard (float64). */
  stats: SharedArrayBuffer;
}

export const total = (sizes: readonly number[]): number => sizes.reduce((a, b) => a + b, 0);

export const sizeOf = (w: tf.LayerVariable): number => w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);

/** Shared buffers for a replica taking up to `rows` rows of `sampleSize` values and `numClasses` targets. */
export function replicaBuffers(
  weights: SharedArrayBuffer,
  rows: number,
  sampleSize: number,
  numClasses: number,
  trainableSizes: readonly number[],
  stateSizes: readonly number[],
): ReplicaBuffers {
  const f32 = (n: number) => new SharedArrayBuffer(Math.max(1, n) * 4);
  return {
    weights,
    x: f32(rows * sampleSize),
    y: f32(rows * numClasses),
    grads: f32(total(trainableSizes)),
    state: f32(total(stateSizes)),
    stats: new SharedArrayBuffer(16),
  };
}

/**
 * Splits `n` rows into `parts` contiguous shards, sizes differing by at most one, larger ones first, so shard 0
 * (the main thread's) is never empty while n ≥ 1. Returns the first row and count of each shard.
 */
export function shards(n: number, parts: number): { start: number; count: number }[] {
  const base = Math.floor(n / parts);
  const extra = n % parts;
  const out: { start: number; count: number }[] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const count = base + (i < extra ? 1 : 0);
    out.push({ start, count });
    start += count;
  }
  return out;
}

/** Writes each tensor's values one after another into `out` (dataSync: one read per weight). */
export function packWeights(weights: readonly tf.LayerVariable[], out: Float32Array): void {
  let offset = 0;
  for (const w of weights) {
    const values = w.read().dataSync() as Float32Array;
    out.set(values, offset);
    offset += values.length;
  }
}
