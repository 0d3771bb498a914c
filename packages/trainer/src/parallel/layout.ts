import type * as tf from '@tensorflow/tfjs';

/**
 * Shared memory of a data-parallel step. Replica 0 is the main thread. Every replica publishes its shard's gradient,
 * batch-norm statistics, loss and hits into its slot for the step's parity, then marks the step in `flags`; every
 * replica then sums all slots in replica order, so all of them take the very same optimiser step. Two slots per
 * replica: a replica may publish step s + 1 while a slower one still reads step s, never step s + 2.
 */
export interface Exchange {
  threads: number;
  /** Element counts of the model's trainable weights, then of its non-trainable ones, in `model.weights` order. */
  trainableSizes: number[];
  stateSizes: number[];
  /** Float32 [gradients…, state…] per replica and parity: index 2 · replica + parity. */
  slots: SharedArrayBuffer[];
  /** Float64 [mean loss, rows right] per replica and parity, indexed as `slots`. */
  stats: SharedArrayBuffer[];
  /** Int32 per replica: the last step it published. */
  flags: SharedArrayBuffer;
}

/** The model as tfjs serialises it: its topology and its weights' names, shapes and bytes. */
export interface SerialisedModel {
  modelTopology: tf.io.ModelArtifacts['modelTopology'];
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: tf.io.WeightData;
}

/** What a replica thread needs to rebuild the main thread's model and take part in its steps. */
export interface ReplicaSetup {
  /** The model with its current weights; every custom layer in it must be a registered class. */
  model: SerialisedModel;
  /** The optimiser's configuration (`FastAdam`'s learning rate, betas, epsilon). */
  optimizer: tf.serialization.ConfigDict;
  inputShape: number[];
  numClasses: number;
  /** Indices (in `trainableWeights`) of the weights that weight decay shrinks, as the main thread chose them. */
  decayed: number[];
  /** The tfjs backend the main thread runs; every replica starts the same one. */
  backend: string;
  /** Seeds the replica's `Math.random` (its dropout masks), with its index, so runs repeat. */
  seed: number;
  index: number;
  exchange: Exchange;
  /** Main → replica, each step: the replica's rows of the batch and their soft targets. */
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
}

export const total = (sizes: readonly number[]): number => sizes.reduce((a, b) => a + b, 0);

export const sizeOf = (w: tf.LayerVariable): number => w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);

export function createExchange(threads: number, trainableSizes: number[], stateSizes: number[]): Exchange {
  const slot = Math.max(1, total(trainableSizes) + total(stateSizes)) * 4;
  return {
    threads,
    trainableSizes,
    stateSizes,
    slots: Array.from({ length: 2 * threads }, () => new SharedArrayBuffer(slot)),
    stats: Array.from({ length: 2 * threads }, () => new SharedArrayBuffer(16)),
    flags: new SharedArrayBuffer(4 * threads),
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
