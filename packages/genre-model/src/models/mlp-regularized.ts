import * as tf from '@tensorflow/tfjs';
import { compileClassifier, sequenceShape } from './classifier';
import { KERAS_KERNEL, layerNamer, type ModelSpec } from './spec';

/** §11: the §10 MLP with L2 0.001 on every hidden kernel and dropout 0.3 after every hidden layer. */
export const mlpRegularized: ModelSpec = {
  name: 'mlp-regularized',
  description: '§11 the §10 MLP + L2 0.001 on hidden kernels + dropout 0.3 after each hidden layer',
  kind: 'classifier',
  threading: 'operations',
  defaults: { epochs: 100, batchSize: 32, learningRate: 1e-4 },
  inputShape: (sampleShape) => sequenceShape('mlp-regularized', sampleShape),
  build(inputShape, numClasses, opts = {}) {
    const name = layerNamer();
    const model = tf.sequential({ name: 'mlp_regularized' });
    model.add(tf.layers.flatten({ name: name('flatten'), inputShape }));
    for (const units of [512, 256, 64]) {
      model.add(
        tf.layers.dense({
          name: name('dense'),
          ...KERAS_KERNEL,
          units,
          activation: 'relu',
          kernelRegularizer: tf.regularizers.l2({ l2: 0.001 }),
        }),
      );
      model.add(tf.layers.dropout({ name: name('dropout'), rate: 0.3 }));
    }
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: numClasses, activation: 'softmax' }));
    return compileClassifier(model, opts.learningRate ?? mlpRegularized.defaults.learningRate);
  },
};
