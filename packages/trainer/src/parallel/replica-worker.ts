// A training replica on a worker thread: its own tfjs backend and copy of the model. Each step it computes the
// gradient of its shard of the batch, publishes it, and takes the same summed optimiser step as every other replica.

import { parentPort, workerData } from 'node:worker_threads';
import { mulberry32 } from '@audio-dl/dsp';
import { FastAdam } from '@audio-dl/tfjs-kernels';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { awaitPublished, publish, reduceAndApply, shardGradients } from './all-reduce';
import { type ReplicaSetup, shards, sizeOf, total } from './layout';

/** A step as the main thread asks for it: the same learning rate and weight decay factor it applies itself. */
export interface ReplicaRequest {
  step: number;
  rows: number;
  learningRate: number;
  /** Kernels are multiplied by this before the step (AdamW); 1 for none. */
  decay: number;
}
/** `published`: its part of the step is in shared memory (sent only by replicas that had rows). */
export type ReplicaReply = { type: 'ready' } | { type: 'published'; step: number } | { type: 'error'; message: string };

const setup = workerData as ReplicaSetup;
const port = parentPort!;
const reply = (message: ReplicaReply) => port.postMessage(message);
const scratch = new Float32Array(total(setup.exchange.trainableSizes) + total(setup.exchange.stateSizes));

async function start(): Promise<{ model: tf.LayersModel; optimizer: FastAdam }> {
  await initBackend(setup.backend as Parameters<typeof initBackend>[0]);
  // Each replica draws its own dropout masks, from a stream fixed by the seed and its index.
  Math.random = mulberry32((setup.seed ^ 0x5eed ^ Math.imul(setup.index, 0x9e3779b9)) >>> 0);
  // Loading with its weights, tfjs skips the initialisers (the weights are the main thread's).
  const model = await tf.loadLayersModel(tf.io.fromMemory(setup.model));
  const ex = setup.exchange;
  if (
    model.trainableWeights.map(sizeOf).join() !== ex.trainableSizes.join() ||
    model.nonTrainableWeights.map(sizeOf).join() !== ex.stateSizes.join()
  )
    throw new Error(`model ${model.name} was rebuilt with other weight shapes than the main thread's`);
  const optimizer = FastAdam.fromConfig(FastAdam, setup.optimizer) as FastAdam;
  return { model, optimizer };
}

function step(model: tf.LayersModel, optimizer: FastAdam, request: ReplicaRequest): void {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const ex = setup.exchange;
  const counts = shards(request.rows, ex.threads).map((s) => s.count);
  const rows = counts[setup.index];
  optimizer.setLearningRate(request.learningRate);
  if (request.decay !== 1)
    tf.tidy(() => {
      for (const i of setup.decayed) {
        const w = model.trainableWeights[i];
        w.write(tf.mul(w.read(), request.decay));
      }
    });
  if (rows > 0) {
    const size = setup.inputShape.reduce((a, b) => a * b, 1);
    const part = shardGradients(
      model,
      variables,
      new Float32Array(setup.x, 0, rows * size),
      new Float32Array(setup.y, 0, rows * setup.numClasses),
      rows,
      setup.inputShape,
      setup.numClasses,
    );
    try {
      publish(ex, setup.index, request.step, variables, model.nonTrainableWeights, part);
    } finally {
      tf.dispose(part.grads);
    }
    reply({ type: 'published', step: request.step });
  }
  awaitPublished(ex, setup.index, request.step, counts);
  reduceAndApply(ex, request.step, request.rows, optimizer, variables, model.nonTrainableWeights, scratch);
}

start().then(
  ({ model, optimizer }) => {
    port.on('message', (request: ReplicaRequest) => {
      try {
        step(model, optimizer, request);
      } catch (err) {
        reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    });
    reply({ type: 'ready' });
  },
  (err: unknown) => reply({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
);
