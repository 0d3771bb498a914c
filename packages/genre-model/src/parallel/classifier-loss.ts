import * as tf from '@tensorflow/tfjs';
import { forwardLogits } from '../models/classifier';

/**
 * The training loss of a genre classifier on a batch, for use inside a gradient closure: the cross-entropy of the
 * soft targets [n, k] against the logits through log-softmax (stable, never clipped as Keras' and tfjs' sparse
 * cross-entropy on probabilities is), plus the layers' regularisation penalties, as `trainOnBatch` adds them.
 * `right` (kept, the caller disposes it) counts the rows whose arg-max logit is the target's.
 */
export function classifierLoss(
  model: tf.LayersModel,
  x: tf.Tensor,
  targets: tf.Tensor,
): { loss: tf.Scalar; right: tf.Scalar } {
  const logits = forwardLogits(model, x, true);
  const right = tf.keep(
    tf.sum(tf.cast(tf.equal(tf.argMax(targets, -1), tf.argMax(logits, -1)), 'float32')),
  ) as tf.Scalar;
  const penalties = model.layers.flatMap((l) => l.calculateLosses());
  const loss = tf.addN([
    tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1))),
    ...penalties,
  ]) as tf.Scalar;
  return { loss, right };
}
