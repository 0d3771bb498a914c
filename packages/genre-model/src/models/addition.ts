import * as tf from '@tensorflow/tfjs';
import { formatShape, KERAS_KERNEL, layerNamer, type ModelSpec, ShapeError } from './spec';

/** §07: the 2-5-1 sigmoid network that learns x1 + x2, trained with SGD 0.1 on MSE. */
export const addition: ModelSpec = {
  name: 'addition',
  description: '§07 2-5-1 sigmoid MLP learning x1 + x2 (SGD 0.1, MSE)',
  kind: 'regressor',
  defaults: { epochs: 100, batchSize: 32, learningRate: 0.1 },
  inputShape(sampleShape) {
    if (sampleShape.length !== 1 || sampleShape[0] !== 2)
      throw new ShapeError(
        `model addition takes samples of shape [2] (two numbers to add), not ${formatShape(sampleShape)}`,
      );
    return [2];
  },
  build(inputShape, _numClasses, opts = {}) {
    const name = layerNamer();
    const model = tf.sequential({ name: 'addition' });
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, inputShape, units: 5, activation: 'sigmoid' }));
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: 1, activation: 'sigmoid' }));
    model.compile({ optimizer: tf.train.sgd(opts.learningRate ?? 0.1), loss: 'meanSquaredError' });
    return model;
  },
};
