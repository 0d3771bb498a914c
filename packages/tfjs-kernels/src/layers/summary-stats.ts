import * as tf from '@tensorflow/tfjs';

/**
 * [batch, frames, bands] → [batch, 2 · bands]: each band's mean over time, then its standard deviation — the
 * summary statistics a linear model on MFCCs is usually given.
 */
export class SummaryStats extends tf.layers.Layer {
  static className = 'SummaryStats';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const bands = shape[shape.length - 1];
    return [shape[0], bands === null ? null : 2 * bands];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, 1);
      // The epsilon keeps the gradient of sqrt finite for a constant band.
      return tf.concat([mean, tf.sqrt(tf.add(variance, 1e-6))], -1);
    });
  }

  override getClassName(): string {
    return SummaryStats.className;
  }
}

tf.serialization.registerClass(SummaryStats);

export const summaryStats = (args: ConstructorParameters<typeof tf.layers.Layer>[0] = {}): SummaryStats =>
  new SummaryStats(args);
