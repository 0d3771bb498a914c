import { fastBatchNorm } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { compileClassifier, sequenceShape } from './classifier';
import { KERAS_KERNEL, layerNamer, type ModelSpec } from './spec';

/** Each block doubles the channels of the one before; the first block's are the width. */
const BLOCKS = [1, 2, 4, 8] as const;
const WIDTH = 16;

/**
 * A modern CNN for log-mel input (and any [frames, bands] features): four blocks of 3×3 convolution (same padding,
 * no bias) → batch norm → ReLU → 2×2 max-pool, channels 16-32-64-128, then global average pooling, dropout 0.3 and the
 * dense logits. Global pooling makes it indifferent to where in the clip a sound sits, and keeps it small (~99 k
 * parameters for 9 classes); for clips padded with silence the recipe pools by max instead (`recipePooling`), so the
 * padding does not dilute the sound; `max-time` pools the frames only and keeps the bands. For clip-length segments
 * the recipe builds it 1.5× wider, 24-48-96-192 (`clipWidth`). Its recipe: AdamW with a one-cycle schedule, random
 * crops and SpecAugment.
 */
export const melCnn: ModelSpec = {
  name: 'mel-cnn',
  description:
    '4× (conv 3×3 → batch norm → relu → max-pool 2), 16-32-64-128 (24-48-96-192 for clips) → global average (max for padded clips) pool → dropout 0.3',
  kind: 'classifier',
  globalPooling: true,
  defaults: {
    epochs: 40,
    // Chosen on validation folds of short clips (BENCHMARKS.md, notes-dev): 40 → 60 → 100 epochs gave 0.28 → 0.32 →
    // 0.35 clip accuracy; a short clip is one row, so a set of clips gives few optimiser steps an epoch.
    clipEpochs: 100,
    width: WIDTH,
    // Chosen on the same validation folds: 24 gave 0.377 mean clip accuracy over five seeds against 0.364 for 16
    // (worst fold 0.284 against 0.266), at about 1.8× the training time.
    clipWidth: 24,
    batchSize: 32,
    learningRate: 2e-3,
    recipe: {
      weightDecay: 1e-2,
      schedule: 'one-cycle',
      labelSmoothing: 0.1,
      augment: { crop: true, specAugment: {}, mixup: 0, placement: true },
    },
  },
  inputShape(sampleShape) {
    const [frames, bands] = sequenceShape('mel-cnn', sampleShape);
    return [frames, bands, 1];
  },
  build(inputShape, numClasses, opts = {}) {
    const name = layerNamer();
    const model = tf.sequential({ name: 'mel_cnn' });
    const width = opts.width ?? WIDTH;
    BLOCKS.forEach((multiple, i) => {
      model.add(
        tf.layers.conv2d({
          name: name('conv2d'),
          kernelInitializer: 'heNormal',
          filters: width * multiple,
          kernelSize: 3,
          padding: 'same',
          useBias: false,
          ...(i === 0 ? { inputShape } : {}),
        }),
      );
      model.add(fastBatchNorm({ name: name('batch_normalization') }));
      model.add(tf.layers.activation({ name: name('re_lu'), activation: 'relu' }));
      model.add(tf.layers.maxPooling2d({ name: name('max_pooling2d'), poolSize: 2, padding: 'same' }));
    });
    if (opts.pooling === 'max-time') {
      // Max over the frames only: the bands stay, so the classifier still sees where in frequency the sound sits.
      const frames = Math.ceil(inputShape[0] / 2 ** BLOCKS.length);
      model.add(tf.layers.maxPooling2d({ name: name('max_pooling2d'), poolSize: [frames, 1], strides: [frames, 1] }));
      model.add(tf.layers.flatten({ name: name('flatten') }));
    } else
      model.add(
        opts.pooling === 'max'
          ? tf.layers.globalMaxPooling2d({ name: name('global_max_pooling2d') })
          : tf.layers.globalAveragePooling2d({ name: name('global_average_pooling2d') }),
      );
    model.add(tf.layers.dropout({ name: name('dropout'), rate: 0.3 }));
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: numClasses, activation: 'softmax' }));
    return compileClassifier(model, opts.learningRate ?? melCnn.defaults.learningRate);
  },
};
