import { fastBatchNorm } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { compileClassifier, sequenceShape } from './classifier';
import { formatShape, KERAS_KERNEL, layerNamer, type ModelSpec, ShapeError } from './spec';

// Kernel size of each block's convolution and max-pool (stride 2, same padding).
const BLOCKS = [3, 3, 2] as const;

/** Whether a spatial size survives the three valid convolutions (each followed by a stride-2 pool). */
function fits(size: number): boolean {
  let d = size;
  for (const k of BLOCKS) {
    d -= k - 1;
    if (d < 1) return false;
    d = Math.ceil(d / 2);
  }
  return true;
}

/**
 * The course's CNN: three conv 32 → max-pool → batch-norm blocks, dense 64, dropout 0.3, softmax. Batch
 * norm is `fastBatchNorm` (fused gradient on wasm, saved as plain `BatchNormalization`).
 */
export const cnn: ModelSpec = {
  name: 'cnn',
  description: '3× (conv 32 relu → max-pool → batch norm) → dense 64 relu → dropout 0.3 → softmax',
  kind: 'classifier',
  defaults: { epochs: 30, batchSize: 32, learningRate: 1e-4 },
  inputShape(sampleShape) {
    const [frames, nMfcc] = sequenceShape('cnn', sampleShape);
    if (!fits(frames) || !fits(nMfcc))
      throw new ShapeError(
        `model cnn needs samples of at least [11, 11] (three valid convolutions), not ${formatShape(sampleShape)}`,
      );
    return [frames, nMfcc, 1];
  },
  build(inputShape, numClasses, opts = {}) {
    const name = layerNamer();
    const model = tf.sequential({ name: 'cnn' });
    BLOCKS.forEach((k, i) => {
      model.add(
        tf.layers.conv2d({
          name: name('conv2d'),
          ...KERAS_KERNEL,
          filters: 32,
          kernelSize: k,
          activation: 'relu',
          ...(i === 0 ? { inputShape } : {}),
        }),
      );
      model.add(tf.layers.maxPooling2d({ name: name('max_pooling2d'), poolSize: k, strides: 2, padding: 'same' }));
      model.add(fastBatchNorm({ name: name('batch_normalization') }));
    });
    model.add(tf.layers.flatten({ name: name('flatten') }));
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: 64, activation: 'relu' }));
    model.add(tf.layers.dropout({ name: name('dropout'), rate: 0.3 }));
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: numClasses, activation: 'softmax' }));
    return compileClassifier(model, opts.learningRate ?? cnn.defaults.learningRate);
  },
};
