import { fastAdam } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { formatShape, ShapeError } from './spec';

/**
 * The logits of a genre model for `x`: every layer but the last applied as usual, then the last layer — the course's
 * dense softmax — as its kernel and bias alone. Training reads these so the loss never goes through a saturated
 * softmax; the model itself still outputs probabilities, so predictions and saved files stay the course's.
 */
export function forwardLogits(model: tf.LayersModel, x: tf.Tensor, training: boolean): tf.Tensor {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const head = layers[layers.length - 1];
  const config = head?.getConfig();
  if (head?.getClassName() !== 'Dense' || config?.activation !== 'softmax' || config?.useBias !== true)
    throw new Error(`model ${model.name} does not end in a dense softmax layer, so it has no logits to train on`);
  return tf.tidy(() => {
    let h = x;
    for (const layer of layers.slice(0, -1)) h = layer.apply(h, { training }) as tf.Tensor;
    const [kernel, bias] = head.trainableWeights.map((w) => w.read());
    return tf.add(tf.matMul(h, kernel), bias);
  });
}

/**
 * Adam + sparse categorical cross-entropy + accuracy, the course's compile step for every genre model.
 * `fastAdam` is tfjs' Adam with a fused update on wasm (same state and class name).
 */
export function compileClassifier(model: tf.LayersModel, learningRate: number): tf.LayersModel {
  model.compile({
    optimizer: fastAdam(learningRate),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** Genre models take [frames, bands] samples (bands: MFCCs or log-mel bands). */
export function sequenceShape(model: string, sampleShape: readonly number[]): [number, number] {
  if (sampleShape.length !== 2 || sampleShape.some((d) => !Number.isInteger(d) || d < 1))
    throw new ShapeError(`model ${model} takes samples of shape [frames, nMfcc], not ${formatShape(sampleShape)}`);
  return [sampleShape[0], sampleShape[1]];
}
