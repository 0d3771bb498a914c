import type * as tf from '@tensorflow/tfjs';
import type { StepSettings, TrainingCallback } from './callback';

/**
 * Decoupled weight decay (AdamW): before each step the kernels shrink by learning rate · `rate`. Goes after the
 * learning-rate schedule, whose rate it reads.
 */
export class WeightDecay implements TrainingCallback {
  constructor(readonly rate: number) {}

  onBatchBegin(_step: number, _totalSteps: number, settings: StepSettings): void {
    settings.decay = 1 - settings.learningRate * this.rate;
  }
}

/**
 * The weights weight decay shrinks: the kernels (not biases, batch-norm parameters or statistics). `originalName`,
 * because tfjs suffixes `name` (`dense/kernel_1`) for every model built after the first in a process.
 */
export function decayedWeights(model: tf.LayersModel): tf.LayerVariable[] {
  return model.trainableWeights.filter((w) => w.originalName.endsWith('kernel'));
}
