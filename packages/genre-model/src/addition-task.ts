import { mulberry32 } from '@audio-dl/dsp';
import { fitSamples, type History, type KerasProgress, withSeededMathRandom } from '@audio-dl/trainer';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './models';

export interface AdditionOptions {
  samples?: number;
  testSize?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  progress?: KerasProgress;
  /** Called with the built model before training starts (e.g. to print its summary). */
  onModel?: (model: tf.LayersModel) => void;
}

export interface AdditionResult {
  model: tf.LayersModel;
  history: History;
  /** MSE on the held-out part. */
  testLoss: number;
  inputs: number[][];
  targets: number[];
  predictions: number[];
  /** Largest |prediction − target| over `inputs`. */
  maxError: number;
}

/** The unseen pairs §07 asks the trained network to add. */
export const ADDITION_PROBES = [
  [0.1, 0.2],
  [0.2, 0.2],
];

/**
 * §07 end to end: `samples` pairs of random()/2 and their sums, split train/test (70/30), the 2-5-1
 * sigmoid network trained with SGD on MSE, scored on the test part and asked to add `ADDITION_PROBES`.
 */
export async function runAddition(opts: AdditionOptions = {}): Promise<AdditionResult> {
  const samples = opts.samples ?? 5000;
  const seed = opts.seed ?? 42;
  const rand = mulberry32(seed);
  const xs = new Float32Array(samples * 2).map(() => rand() / 2);
  const ys = Float32Array.from({ length: samples }, (_, i) => xs[2 * i] + xs[2 * i + 1]);
  // The samples are already random, so the first 70 % is as good a training part as any.
  const nTest = Math.ceil(samples * (opts.testSize ?? 0.3));
  const train = Int32Array.from({ length: samples - nTest }, (_, i) => nTest + i);
  const test = Int32Array.from({ length: nTest }, (_, i) => i);
  return withSeededMathRandom(seed, async () => {
    const model = buildModel('addition', [2], 1, { learningRate: opts.learningRate ?? 0.1 });
    opts.onModel?.(model);
    const x = tf.tensor2d(xs, [samples, 2]);
    const y = tf.tensor2d(ys, [samples, 1]);
    try {
      const pairs = {
        features: xs,
        labels: new Int32Array(samples),
        targets: ys,
        frames: 1,
        bands: 2,
        numClasses: 1,
        inputShape: [2],
      };
      const history = await fitSamples(model, pairs, train, new Int32Array(0), {
        epochs: opts.epochs ?? 100,
        batchSize: opts.batchSize ?? 32,
        seed,
        objective: 'compiled',
        callbacks: opts.progress ? [opts.progress] : [],
      });
      const testLoss = tf.tidy(() => {
        const idx = tf.tensor1d(test, 'int32');
        return (model.evaluate(tf.gather(x, idx), tf.gather(y, idx)) as tf.Scalar).dataSync()[0];
      });
      const predictions = tf.tidy(() =>
        Array.from((model.predict(tf.tensor2d(ADDITION_PROBES)) as tf.Tensor).dataSync()),
      );
      const targets = ADDITION_PROBES.map(([a, b]) => a + b);
      const maxError = Math.max(...predictions.map((p, i) => Math.abs(p - targets[i])));
      return { model, history, testLoss, inputs: ADDITION_PROBES, targets, predictions, maxError };
    } finally {
      tf.dispose([x, y]);
    }
  });
}
