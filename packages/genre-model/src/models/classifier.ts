import { fastAdam } from '@audio-dl/tfjs-kernels';
import type * as tf from '@tensorflow/tfjs';
import { formatShape, ShapeError } from './spec';

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
