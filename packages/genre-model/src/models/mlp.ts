import * as tf from '@tensorflow/tfjs';
import { compileClassifier, sequenceShape } from './classifier';
import { KERAS_KERNEL, layerNamer, type ModelSpec } from './spec';

/** §10: flatten → 512 → 256 → 64 (relu) → softmax. */
export const mlp: ModelSpec = {
  name: 'mlp',
  description: '§10 flatten → dense 512 → 256 → 64 (relu) → softmax',
  kind: 'classifier',
  threading: 'operations',
  defaults: { epochs: 50, batchSize: 32, learningRate: 1e-4 },
  inputShape: (sampleShape) => sequenceShape('mlp', sampleShape),
  build(inputShape, numClasses, opts = {}) {
    const name = layerNamer();
    const model = tf.sequential({ name: 'mlp' });
    model.add(tf.layers.flatten({ name: name('flatten'), inputShape }));
    for (const units of [512, 256, 64])
      model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units, activation: 'relu' }));
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: numClasses, activation: 'softmax' }));
    return compileClassifier(model, opts.learningRate ?? mlp.defaults.learningRate);
  },
};
