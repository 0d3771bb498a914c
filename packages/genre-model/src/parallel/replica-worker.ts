// A training replica on a worker thread: its own tfjs backend and copy of the model; each step it loads the main
// thread's weights, computes the gradient of its shard's loss and hands it back through shared memory.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { modelSpec } from '../models';
import { seededRandom } from '../random';
import { classifierLoss } from './classifier-loss';
import { type ReplicaSetup, sizeOf, total } from './layout';

/** Messages the main thread sends. */
export type ReplicaRequest = { type: 'step'; rows: number };
/** Messages a replica sends back. */
export type ReplicaReply = { type: 'ready' } | { type: 'done' } | { type: 'error'; message: string };

const setup = workerData as ReplicaSetup;
const port = parentPort!;

function reply(message: ReplicaReply): void {
  port.postMessage(message);
}

async function start(): Promise<tf.LayersModel> {
  await initBackend(setup.backend as Parameters<typeof initBackend>[0]);
  // Each replica draws its own dropout masks, from a stream fixed by the seed and its index.
  Math.random = seededRandom((setup.seed ^ 0x5eed ^ Math.imul(setup.index, 0x9e3779b9)) >>> 0);
  const model = modelSpec(setup.model).build(setup.inputShape, setup.numClasses);
  const trainable = model.trainableWeights.map(sizeOf);
  const state = model.nonTrainableWeights.map(sizeOf);
  if (trainable.join() !== setup.trainableSizes.join() || state.join() !== setup.stateSizes.join())
    throw new Error(
      `replica ${setup.index}: model ${setup.model} was built with other weight shapes than the main thread's`,
    );
  return model;
}

function step(model: tf.LayersModel, rows: number): void {
  const b = setup.buffers;
  const weights = new Float32Array(b.weights);
  const all = [...model.trainableWeights, ...model.nonTrainableWeights];
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const sampleSize = setup.inputShape.reduce((a, c) => a * c, 1);
  let right = null as tf.Scalar | null;
  tf.tidy(() => {
    let offset = 0;
    for (const w of all) {
      const size = sizeOf(w);
      // A copy: the cpu backend would otherwise keep a view of memory the main thread overwrites.
      w.write(tf.tensor(weights.slice(offset, offset + size), w.shape as number[]));
      offset += size;
    }
    const x = tf.tensor(new Float32Array(b.x, 0, rows * sampleSize).slice(), [rows, ...setup.inputShape]);
    const y = tf.tensor2d(new Float32Array(b.y, 0, rows * setup.numClasses).slice(), [rows, setup.numClasses]);
    const { value, grads } = tf.variableGrads(() => {
      const out = classifierLoss(model, x, y);
      right = out.right;
      return out.loss;
    }, variables);
    const out = new Float32Array(b.grads);
    let at = 0;
    for (const v of variables) {
      const g = grads[v.name].dataSync() as Float32Array;
      out.set(g, at);
      at += g.length;
    }
    const state = new Float32Array(b.state, 0, total(setup.stateSizes));
    at = 0;
    for (const w of model.nonTrainableWeights) {
      const s = w.read().dataSync() as Float32Array;
      state.set(s, at);
      at += s.length;
    }
    const stats = new Float64Array(b.stats);
    stats[0] = value.dataSync()[0];
    stats[1] = right!.dataSync()[0];
  });
  tf.dispose(right ?? []);
}

start().then(
  (model) => {
    port.on('message', (message: ReplicaRequest) => {
      try {
        step(model, message.rows);
        reply({ type: 'done' });
      } catch (err) {
        reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    });
    reply({ type: 'ready' });
  },
  (err: unknown) => reply({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
);
