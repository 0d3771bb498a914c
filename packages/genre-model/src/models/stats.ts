import { fastBatchNorm, summaryStats } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { compileClassifier, sequenceShape } from './classifier';
import { KERAS_KERNEL, layerNamer, type ModelSpec } from './spec';

/**
 * The baseline every deep model must clear: each band's mean and standard deviation over the segment, batch-normalised
 * (standardised statistics), then softmax regression. Trains in seconds.
 */
export const stats: ModelSpec = {
  name: 'stats',
  description: 'per-band mean and std over time → batch norm → softmax regression (the baseline)',
  kind: 'classifier',
  defaults: {
    epochs: 60,
    batchSize: 32,
    learningRate: 1e-2,
    recipe: { weightDecay: 1e-3, schedule: 'one-cycle', labelSmoothing: 0, augment: {} },
  },
  inputShape: (sampleShape) => sequenceShape('stats', sampleShape),
  build(inputShape, numClasses, opts = {}) {
    const name = layerNamer();
    const model = tf.sequential({ name: 'stats' });
    model.add(summaryStats({ name: name('summary_stats'), inputShape }));
    model.add(fastBatchNorm({ name: name('batch_normalization') }));
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: numClasses, activation: 'softmax' }));
    return compileClassifier(model, opts.learningRate ?? stats.defaults.learningRate);
  },
};
