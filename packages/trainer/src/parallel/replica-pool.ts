import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FastAdam } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { publish, reduceAndApply, shardGradients } from './all-reduce';
import {
  createExchange,
  type Exchange,
  type ReplicaSetup,
  type SerialisedModel,
  shards,
  sizeOf,
  total,
} from './layout';
import { asRegisteredClasses } from './replica-topology';
import type { ReplicaReply, ReplicaRequest } from './replica-worker';

/** The batches the replicas take part in. */
export interface ReplicaModel {
  inputShape: number[];
  numClasses: number;
  maxBatch: number;
  /** Indices (in `trainableWeights`) of the weights that weight decay shrinks. */
  decayed: number[];
  seed: number;
  backend: string;
}

/** `model` as tfjs saves it (topology and weights), for the replicas to rebuild it from, fused layers as themselves. */
async function serialise(model: tf.LayersModel): Promise<SerialisedModel> {
  let saved: SerialisedModel | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined)
        throw new Error(`model ${model.name} saved no weights`);
      saved = {
        modelTopology: asRegisteredClasses(artifacts.modelTopology, model) as SerialisedModel['modelTopology'],
        weightSpecs: artifacts.weightSpecs,
        weightData: artifacts.weightData,
      };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (saved === null) throw new Error(`model ${model.name} could not be serialised`);
  return saved;
}

/** One worker thread and what it shares with this one. */
class Replica {
  private waiting: { step: number; resolve: () => void; reject: (err: Error) => void } | null = null;
  private published = -1;
  private failure: Error | null = null;

  constructor(
    readonly worker: Worker,
    readonly setup: ReplicaSetup,
  ) {
    worker.on('message', (m: ReplicaReply) => {
      if (m.type === 'error') this.fail(new Error(`training thread ${setup.index}: ${m.message}`));
      else {
        if (m.type === 'published') this.published = m.step;
        if (this.waiting && this.published >= this.waiting.step) this.settle();
      }
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

  /** Resolves once the replica is ready (step -1) or has published `step`; rejects if it fails or dies. */
  until(step: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.published >= step) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting = { step, resolve, reject };
    });
  }

  send(request: ReplicaRequest): void {
    this.worker.postMessage(request);
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
 * Data-parallel training steps. The main thread and `threads - 1` worker threads each hold the model; every batch
 * is cut into contiguous shards, one per thread; each computes the gradient of its shard's mean loss, publishes it in
 * shared memory, and then every thread sums all of them weighted by shard size, always in thread order, and takes
 * the same optimiser step, so the copies stay identical without sending weights, and a seed and thread count repeat
 * bit for bit. Batch-norm moving statistics become the shard-weighted mean of the replicas'. Each replica keeps its
 * own batch-norm batch statistics and dropout masks, as Keras' MirroredStrategy does.
 */
export class ReplicaPool {
  private step = 0;
  private readonly scratch: Float32Array;

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly exchange: Exchange,
    private readonly replicas: Replica[],
  ) {
    this.scratch = new Float32Array(total(exchange.trainableSizes) + total(exchange.stateSizes));
  }

  /** Number of threads taking part in each step, this one included. */
  get threads(): number {
    return this.exchange.threads;
  }

  /**
   * Starts `threads - 1` replicas of `model`, rebuilt from its serialised form with its current weights (so every
   * custom layer in it must be a registered class) and trained with `optimizer`'s configuration.
   */
  static async start(
    model: tf.LayersModel,
    optimizer: FastAdam,
    spec: ReplicaModel,
    threads: number,
  ): Promise<ReplicaPool> {
    if (model.optimizer.iterations !== 0)
      throw new Error(`model ${model.name} has trained before: its optimiser state cannot be shared with new threads`);
    const trainableSizes = model.trainableWeights.map(sizeOf);
    const stateSizes = model.nonTrainableWeights.map(sizeOf);
    const exchange = createExchange(threads, trainableSizes, stateSizes);
    const serialised = await serialise(model);
    const rows = Math.ceil(spec.maxBatch / threads);
    const sampleSize = spec.inputShape.reduce((a, b) => a * b, 1);
    const { filename, execArgv } = workerScript();
    const replicas: Replica[] = [];
    for (let index = 1; index < threads; index++) {
      const setup: ReplicaSetup = {
        model: serialised,
        optimizer: optimizer.getConfig(),
        inputShape: spec.inputShape,
        numClasses: spec.numClasses,
        decayed: spec.decayed,
        backend: spec.backend,
        seed: spec.seed,
        index,
        exchange,
        x: new SharedArrayBuffer(Math.max(1, rows * sampleSize) * 4),
        y: new SharedArrayBuffer(Math.max(1, rows * spec.numClasses) * 4),
      };
      replicas.push(new Replica(new Worker(filename, { workerData: setup, execArgv }), setup));
    }
    const pool = new ReplicaPool(model, exchange, replicas);
    try {
      await Promise.all(replicas.map((r) => r.until(-1)));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /**
   * One optimiser step on a batch of `n` rows (`x` [n, …inputShape], soft targets `y` [n, k]), after the caller set
   * the learning rate and multiplied the kernels by `decay` on this thread (the replicas do the same). Returns the
   * batch's mean loss and accuracy.
   */
  async run(
    optimizer: FastAdam,
    variables: tf.Variable[],
    x: Float32Array,
    y: Float32Array,
    n: number,
    inputShape: readonly number[],
    learningRate: number,
    decay: number,
  ): Promise<{ loss: number; accuracy: number }> {
    const step = ++this.step;
    const size = x.length / n;
    const k = y.length / n;
    const parts = shards(n, this.threads);
    for (const r of this.replicas) {
      const { start, count } = parts[r.setup.index];
      new Float32Array(r.setup.x).set(x.subarray(start * size, (start + count) * size));
      new Float32Array(r.setup.y).set(y.subarray(start * k, (start + count) * k));
      r.send({ step, rows: n, learningRate, decay });
    }
    // This thread's shard, while the replicas compute theirs.
    const own = parts[0].count;
    const part = shardGradients(
      this.model,
      variables,
      x.subarray(0, own * size),
      y.subarray(0, own * k),
      own,
      inputShape,
      k,
    );
    try {
      publish(this.exchange, 0, step, variables, this.model.nonTrainableWeights, part);
    } finally {
      tf.dispose(part.grads);
    }
    await Promise.all(this.replicas.filter((r) => parts[r.setup.index].count > 0).map((r) => r.until(step)));
    return reduceAndApply(this.exchange, step, n, optimizer, variables, this.model.nonTrainableWeights, this.scratch);
  }

  /** Stops every replica thread. */
  async close(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.worker.terminate()));
  }
}
