import * as tf from '@tensorflow/tfjs';

/**
 * The logits of a classifier for `x`: every layer but the last applied as usual, then the last layer — a
 * dense softmax — as its kernel and bias alone. Training reads these so the loss never goes through a saturated
 * softmax; the model itself still outputs probabilities, so predictions and saved files are unchanged.
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
 * The training loss of a classifier on a batch, for use inside a gradient closure: the cross-entropy of the
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
