import { fastLstm } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { compileClassifier, sequenceShape } from './classifier';
import { FastOrthogonal } from './orthogonal';
import { KERAS_KERNEL, layerNamer, type ModelSpec } from './spec';

type RecurrentInitializer = Parameters<typeof tf.layers.lstm>[0]['recurrentInitializer'];

/**
 * The course's LSTM: LSTM 64 (sequences) → LSTM 64 → dense 64 relu → dropout 0.3 → softmax. The LSTM
 * layers are `fastLstm` (fused recurrence, saved as plain `LSTM`).
 */
export const lstm: ModelSpec = {
  name: 'lstm',
  description: 'LSTM 64 (return sequences) → LSTM 64 → dense 64 relu → dropout 0.3 → softmax',
  kind: 'classifier',
  defaults: { epochs: 30, batchSize: 32, learningRate: 1e-4 },
  inputShape: (sampleShape) => sequenceShape('lstm', sampleShape),
  build(inputShape, numClasses, opts = {}) {
    const name = layerNamer();
    const model = tf.sequential({ name: 'lstm' });
    // Keras' defaults: orthogonal recurrent kernel (computed fast, see orthogonal.ts) and sigmoid gates
    // (tfjs defaults to hard sigmoid).
    const recurrentInitializer = () => new FastOrthogonal() as unknown as RecurrentInitializer;
    model.add(
      fastLstm({
        name: name('lstm'),
        ...KERAS_KERNEL,
        units: 64,
        returnSequences: true,
        recurrentActivation: 'sigmoid',
        inputShape,
        recurrentInitializer: recurrentInitializer(),
      }),
    );
    model.add(
      fastLstm({
        name: name('lstm'),
        ...KERAS_KERNEL,
        units: 64,
        recurrentActivation: 'sigmoid',
        recurrentInitializer: recurrentInitializer(),
      }),
    );
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: 64, activation: 'relu' }));
    model.add(tf.layers.dropout({ name: name('dropout'), rate: 0.3 }));
    model.add(tf.layers.dense({ name: name('dense'), ...KERAS_KERNEL, units: numClasses, activation: 'softmax' }));
    return compileClassifier(model, opts.learningRate ?? lstm.defaults.learningRate);
  },
};
