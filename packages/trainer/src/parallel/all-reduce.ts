import type { FastAdam } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { classifierLoss } from '../logits';
import { type Exchange, shards, total } from './layout';

/** One replica's part of a step: its shard's gradients (by variable name), loss and rows right. */
export interface ShardResult {
  grads: tf.NamedTensorMap;
  loss: number;
  right: number;
}

/** A tensor of `values`; the wasm backend copies them into its memory, the others may keep the array itself. */
function upload(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(tf.getBackend() === 'wasm' ? values : values.slice(), shape);
}

/** A tensor's values: on wasm a view of its memory (no copy; read it before the next kernel runs), else a copy. */
function values(t: tf.Tensor): Float32Array {
  const backend = tf.backend();
  return (backend instanceof BackendWasm ? backend.typedArrayFromHeap(t) : t.dataSync()) as Float32Array;
}

/** Gradients of the mean loss of rows `x` (soft targets `y`) with respect to `variables`. */
export function shardGradients(
  model: tf.LayersModel,
  variables: tf.Variable[],
  x: Float32Array,
  y: Float32Array,
  rows: number,
  inputShape: readonly number[],
  numClasses: number,
): ShardResult {
  let right = null as tf.Scalar | null;
  const { value, grads } = tf.tidy(() => {
    const xs = upload(x, [rows, ...inputShape]);
    const ys = upload(y, [rows, numClasses]);
    return tf.variableGrads(() => {
      const out = classifierLoss(model, xs, ys);
      right = out.right;
      return out.loss;
    }, variables);
  });
  const loss = value.dataSync()[0];
  const hits = right!.dataSync()[0];
  tf.dispose([value, right!]);
  return { grads, loss, right: hits };
}

/** Writes a replica's part of step `step` into its slot and marks it published. */
export function publish(
  ex: Exchange,
  index: number,
  step: number,
  variables: tf.Variable[],
  state: tf.LayerVariable[],
  part: ShardResult,
): void {
  const slot = new Float32Array(ex.slots[2 * index + (step % 2)]);
  let at = 0;
  for (const v of variables) {
    const g = values(part.grads[v.name]);
    slot.set(g, at);
    at += g.length;
  }
  for (const w of state) {
    const s = values(w.read());
    slot.set(s, at);
    at += s.length;
  }
  const stats = new Float64Array(ex.stats[2 * index + (step % 2)]);
  stats[0] = part.loss;
  stats[1] = part.right;
  const flags = new Int32Array(ex.flags);
  Atomics.store(flags, index, step);
  Atomics.notify(flags, index);
}

/** Blocks this (worker) thread until every other replica with rows has published step `step`. */
export function awaitPublished(ex: Exchange, index: number, step: number, counts: readonly number[]): void {
  const flags = new Int32Array(ex.flags);
  for (let j = 0; j < ex.threads; j++) {
    if (j === index || counts[j] === 0) continue;
    for (;;) {
      const seen = Atomics.load(flags, j);
      if (seen >= step) break;
      Atomics.wait(flags, j, seen, 1000);
    }
  }
}

/**
 * Every replica's share of step `step`, summed from the published slots in replica order with weights rows/n (in
 * double precision, rounded once, so every replica computes the same bits), applied with `optimizer`; batch-norm
 * moving statistics become the same weighted mean. `scratch` holds the sums (one slot's length). Returns the
 * batch's mean loss and accuracy.
 */
export function reduceAndApply(
  ex: Exchange,
  step: number,
  n: number,
  optimizer: FastAdam,
  variables: tf.Variable[],
  state: tf.LayerVariable[],
  scratch: Float32Array,
): { loss: number; accuracy: number } {
  const counts = shards(n, ex.threads).map((s) => s.count);
  const taking = counts.flatMap((c, j) => (c > 0 ? [j] : []));
  const share = taking.map((j) => counts[j] / n);
  const slots = taking.map((j) => new Float32Array(ex.slots[2 * j + (step % 2)]));
  let loss = 0;
  let right = 0;
  taking.forEach((j, t) => {
    const stats = new Float64Array(ex.stats[2 * j + (step % 2)]);
    loss += share[t] * stats[0];
    right += stats[1];
  });
  const length = total(ex.trainableSizes) + total(ex.stateSizes);
  const sum = slots.length === 1 ? slots[0] : scratch;
  if (slots.length === 2) {
    const [a, b] = slots;
    const [wa, wb] = share;
    for (let e = 0; e < length; e++) sum[e] = wa * a[e] + wb * b[e];
  } else if (slots.length > 2) {
    for (let e = 0; e < length; e++) {
      let s = 0;
      for (let t = 0; t < slots.length; t++) s += share[t] * slots[t][e];
      sum[e] = s;
    }
  }
  let at = 0;
  const grads = variables.map((v) => {
    const tensor = upload(sum.subarray(at, at + v.size), v.shape);
    at += v.size;
    return { name: v.name, tensor };
  });
  optimizer.applyGradients(grads);
  tf.dispose(grads.map((g) => g.tensor));
  for (const w of state) {
    const size = w.read().size;
    tf.tidy(() => {
      w.write(upload(sum.subarray(at, at + size), w.shape as number[]));
    });
    at += size;
  }
  return { loss, accuracy: right / n };
}
