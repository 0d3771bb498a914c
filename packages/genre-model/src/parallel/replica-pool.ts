import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { FastAdam } from '../layers/fast-adam';
import type { ModelName } from '../models';
import { classifierLoss } from './classifier-loss';
import { packWeights, type ReplicaSetup, replicaBuffers, shards, sizeOf, total } from './layout';
import type { ReplicaReply, ReplicaRequest } from './replica-worker';

/** Which model the replicas build, and for how large a batch. */
export interface ReplicaModel {
  name: ModelName;
  inputShape: number[];
  numClasses: number;
  maxBatch: number;
  seed: number;
}

/** One worker thread and the buffers it shares with this one. */
class Replica {
  private waiting: { resolve: () => void; reject: (err: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(
    readonly worker: Worker,
    readonly setup: ReplicaSetup,
  ) {
    worker.on('message', (m: ReplicaReply) => {
      if (m.type === 'error') this.fail(new Error(`training thread ${setup.index}: ${m.message}`));
      else this.settle();
    });
    worker.on('error', (err) => this.fail(new Error(`training thread ${setup.index}: ${err.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`training thread ${setup.index} exited (code ${code})`)));
  }

  private settle(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.resolve();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(this.failure);
  }

  /** Resolves on the replica's next `ready`/`done`; rejects if it reports an error or dies. */
  next(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  send(message: ReplicaRequest): void {
    this.worker.postMessage(message);
  }
}

function workerScript(): { filename: string; execArgv: string[] } {
  // The build runs replica-worker.js; the sources (Jest, tsx) run replica-worker.ts through tsx's require hook.
  const ext = path.extname(__filename);
  return {
    filename: path.join(__dirname, `replica-worker${ext}`),
    execArgv: ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [],
  };
}

/**
 * Data-parallel training steps: the main thread and `threads - 1` worker threads each take a contiguous shard of
 * every batch, compute the gradient of their shard's mean loss on identical weights, and the main thread sums the
 * gradients weighted by shard size, always in thread order (so a seed and thread count repeat bit for bit), then
 * takes one optimiser step. Batch-norm moving statistics are averaged the same way. Each replica keeps its own
 * batch-norm batch statistics and dropout masks, as Keras' MirroredStrategy does.
 */
export class ReplicaPool {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly replicas: Replica[],
    private readonly weights: Float32Array,
  ) {}

  /** Number of threads taking part in each step, this one included. */
  get threads(): number {
    return this.replicas.length + 1;
  }

  /** Starts `threads - 1` replicas of `model` (built as `spec` says) on the backend in use. */
  static async start(model: tf.LayersModel, spec: ReplicaModel, threads: number): Promise<ReplicaPool> {
    const trainableSizes = model.trainableWeights.map(sizeOf);
    const stateSizes = model.nonTrainableWeights.map(sizeOf);
    const weights = new SharedArrayBuffer(Math.max(1, total(trainableSizes) + total(stateSizes)) * 4);
    const rows = Math.ceil(spec.maxBatch / threads);
    const sampleSize = spec.inputShape.reduce((a, b) => a * b, 1);
    const { filename, execArgv } = workerScript();
    const replicas: Replica[] = [];
    for (let index = 1; index < threads; index++) {
      const setup: ReplicaSetup = {
        model: spec.name,
        inputShape: spec.inputShape,
        numClasses: spec.numClasses,
        backend: tf.getBackend(),
        seed: spec.seed,
        index,
        trainableSizes,
        stateSizes,
        buffers: replicaBuffers(weights, rows, sampleSize, spec.numClasses, trainableSizes, stateSizes),
      };
      replicas.push(new Replica(new Worker(filename, { workerData: setup, execArgv }), setup));
    }
    const pool = new ReplicaPool(model, replicas, new Float32Array(weights));
    try {
      await Promise.all(replicas.map((r) => r.next()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /**
   * One optimiser step on a batch of `n` rows (`x` [n, …inputShape], soft targets `y` [n, k]); returns the batch's
   * mean loss and accuracy.
   */
  async step(
    optimizer: FastAdam,
    variables: tf.Variable[],
    x: Float32Array,
    y: Float32Array,
    n: number,
    inputShape: readonly number[],
  ): Promise<{ loss: number; accuracy: number }> {
    const sampleSize = x.length / n;
    const k = y.length / n;
    const parts = shards(n, this.threads);
    packWeights([...this.model.trainableWeights, ...this.model.nonTrainableWeights], this.weights);
    const pending: Promise<void>[] = [];
    this.replicas.forEach((r, i) => {
      const { start, count } = parts[i + 1];
      if (count === 0) return;
      const b = r.setup.buffers;
      new Float32Array(b.x).set(x.subarray(start * sampleSize, (start + count) * sampleSize));
      new Float32Array(b.y).set(y.subarray(start * k, (start + count) * k));
      pending.push(r.next());
      r.send({ type: 'step', rows: count });
    });
    // This thread's shard, while the replicas compute theirs.
    const own = parts[0].count;
    let right: tf.Scalar | null = null as tf.Scalar | null;
    const { value, grads } = tf.tidy(() => {
      const xs = tf.tensor(x.slice(0, own * sampleSize), [own, ...inputShape]);
      const ys = tf.tensor2d(y.slice(0, own * k), [own, k]);
      return tf.variableGrads(() => {
        const out = classifierLoss(this.model, xs, ys);
        right = out.right;
        return out.loss;
      }, variables);
    });
    const ownLoss = value.dataSync()[0];
    const ownRight = right!.dataSync()[0];
    tf.dispose([value, right!]);
    try {
      await Promise.all(pending);
    } catch (err) {
      tf.dispose(grads);
      throw err;
    }
    const taking = this.replicas.filter((_, i) => parts[i + 1].count > 0);
    const share = [own / n, ...taking.map((r) => parts[r.setup.index].count / n)];
    let loss = share[0] * ownLoss;
    let rightTotal = ownRight;
    taking.forEach((r, i) => {
      const stats = new Float64Array(r.setup.buffers.stats);
      loss += share[i + 1] * stats[0];
      rightTotal += stats[1];
    });
    // Weighted sums in thread order: the same inputs always give the same bits.
    const theirs = taking.map((r) => new Float32Array(r.setup.buffers.grads));
    const summed: { name: string; tensor: tf.Tensor }[] = [];
    let offset = 0;
    for (const v of variables) {
      const mine = grads[v.name].dataSync() as Float32Array;
      const out = new Float32Array(mine.length);
      for (let e = 0; e < mine.length; e++) {
        let s = share[0] * mine[e];
        for (let t = 0; t < theirs.length; t++) s += share[t + 1] * theirs[t][offset + e];
        out[e] = s;
      }
      summed.push({ name: v.name, tensor: tf.tensor(out, v.shape) });
      offset += mine.length;
    }
    tf.dispose(grads);
    optimizer.applyGradients(summed);
    tf.dispose(summed.map((g) => g.tensor));
    this.averageState(
      share,
      taking.map((r) => new Float32Array(r.setup.buffers.state)),
    );
    return { loss, accuracy: rightTotal / n };
  }

  /** Batch-norm moving statistics: each replica updated its own; keep their shard-weighted mean. */
  private averageState(share: number[], theirs: Float32Array[]): void {
    if (theirs.length === 0) return;
    let offset = 0;
    for (const w of this.model.nonTrainableWeights) {
      const mine = w.read().dataSync() as Float32Array;
      const out = new Float32Array(mine.length);
      for (let e = 0; e < mine.length; e++) {
        let s = share[0] * mine[e];
        for (let t = 0; t < theirs.length; t++) s += share[t + 1] * theirs[t][offset + e];
        out[e] = s;
      }
      tf.tidy(() => {
        w.write(tf.tensor(out, w.shape as number[]));
      });
      offset += mine.length;
    }
  }

  /** Stops every replica thread. */
  async close(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.worker.terminate()));
  }
}
