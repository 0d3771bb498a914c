import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_GRAD } from '../kernels/batch-norm-grad';
import { BATCH_NORM_TRAIN } from '../kernels/batch-norm-train';
import type { Constraint, Initializer, Regularizer } from './weight-parts';

export type FastBatchNormArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;

/** The settings of tfjs's BatchNormalization we reuse, so defaults and initialisers are its own. */
interface BatchNormParts {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  betaInitializer: Initializer;
  gammaInitializer: Initializer;
  movingMeanInitializer: Initializer;
  movingVarianceInitializer: Initializer;
  betaConstraint?: Constraint;
  gammaConstraint?: Constraint;
  betaRegularizer?: Regularizer;
  gammaRegularizer?: Regularizer;
}

/** dx, dγ, dβ of training-mode batch norm with ordinary ops (backends without the fused kernel). */
function gradOps(x: tf.Tensor, dy: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, gamma: tf.Tensor, eps: number) {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const rows = x.size / x.shape[x.shape.length - 1];
  const inv = tf.rsqrt(tf.add(variance, eps));
  const xhat = tf.mul(tf.sub(x, mean), inv);
  const dBeta = tf.sum(dy, axes);
  const dGamma = tf.sum(tf.mul(dy, xhat), axes);
  const dx = tf.mul(tf.div(tf.mul(gamma, inv), rows), tf.sub(tf.sub(tf.mul(dy, rows), dBeta), tf.mul(xhat, dGamma)));
  return [dx, dGamma, dBeta];
}

/** Output, batch mean and variance: one native kernel where the backend has it, tfjs ops elsewhere. */
function forward(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, axes: number[], eps: number): tf.Tensor[] {
  if (tf.getKernel(BATCH_NORM_TRAIN, tf.getBackend()) !== undefined) {
    return tf.engine().runKernel(BATCH_NORM_TRAIN, { x, gamma, beta }, { epsilon: eps }) as tf.Tensor[];
  }
  const { mean, variance } = tf.moments(x, axes);
  return [tf.batchNorm(x, mean, variance, beta, gamma, eps), mean, variance];
}

/**
 * `tf.layers.batchNormalization` (channels last, with centre and scale) whose training step is one
 * custom op: forward with the backend's fused batch norm, backward with one fused kernel on wasm
 * (ops elsewhere) instead of autodiff through the moments. Same weights, defaults and moving-average
 * update as tfjs; serialises as a plain `BatchNormalization`.
 */
export class FastBatchNorm extends tf.layers.Layer {
  static className = 'FastBatchNormalization';
  private readonly reference: tf.layers.Layer;
  private readonly parts: BatchNormParts;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(args: FastBatchNormArgs = {}) {
    super(args);
    this.reference = tf.layers.batchNormalization({ ...args, name: this.name });
    this.parts = this.reference as unknown as BatchNormParts;
    if (!this.parts.center || !this.parts.scale) throw new Error('FastBatchNorm needs center and scale');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const axis = this.parts.axis < 0 ? this.parts.axis + shape.length : this.parts.axis;
    if (axis !== shape.length - 1) throw new Error('FastBatchNorm normalises the last axis only');
    const dim = shape[axis];
    if (dim === null) throw new Error('FastBatchNorm needs a known channel dimension');
    const p = this.parts;
    // Same order and names as tfjs's BatchNormalization, so saved weights line up.
    this.gamma = this.addWeight(
      'gamma',
      [dim],
      'float32',
      p.gammaInitializer,
      p.gammaRegularizer,
      true,
      p.gammaConstraint,
    );
    this.beta = this.addWeight('beta', [dim], 'float32', p.betaInitializer, p.betaRegularizer, true, p.betaConstraint);
    this.movingMean = this.addWeight('moving_mean', [dim], 'float32', p.movingMeanInitializer, undefined, false);
    this.movingVariance = this.addWeight(
      'moving_variance',
      [dim],
      'float32',
      p.movingVarianceInitializer,
      undefined,
      false,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const gamma = this.gamma!.read();
    const beta = this.beta!.read();
    const eps = this.parts.epsilon;
    if (!kwargs.training) {
      return tf.tidy(() => tf.batchNorm(x, this.movingMean!.read(), this.movingVariance!.read(), beta, gamma, eps));
    }
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    let moments: tf.Tensor[] = [];
    const op = tf.customGrad((xIn, gIn, bIn, save) => {
      const [y, mean, variance] = forward(xIn as tf.Tensor, gIn as tf.Tensor, bIn as tf.Tensor, axes, eps);
      moments = [tf.keep(mean.clone()), tf.keep(variance.clone())];
      (save as tf.GradSaveFunc)([xIn as tf.Tensor, mean, variance, gIn as tf.Tensor]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, m, v, g] = saved;
          if (tf.getKernel(BATCH_NORM_GRAD, tf.getBackend()) === undefined) return gradOps(xs, dy, m, v, g, eps);
          return tf.engine().runKernel(
            BATCH_NORM_GRAD,
            { x: xs, dy, mean: m, variance: v, gamma: g },
            {
              epsilon: eps,
            },
          ) as tf.Tensor[];
        },
      };
    });
    const y = op(x, gamma, beta);
    // Moving statistics as tfjs updates them: moving -= (moving - batch) · (1 - momentum).
    const decay = 1 - this.parts.momentum;
    const [mean, variance] = moments;
    for (const [variable, value] of [
      [this.movingMean!, mean],
      [this.movingVariance!, variance],
    ] as const) {
      tf.tidy(() => {
        const old = variable.read();
        variable.write(tf.sub(old, tf.mul(tf.sub(old, value), decay)));
      });
    }
    for (const t of moments) t.dispose();
    return y;
  }

  /** Serialised exactly as the equivalent `tf.layers.batchNormalization`. */
  override getClassName(): string {
    return 'BatchNormalization';
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.reference.getConfig(), ...super.getConfig() };
  }
}

tf.serialization.registerClass(FastBatchNorm);

/** `tf.layers.batchNormalization` arguments in, a fast layer out (the drop-in for model builders). */
export function fastBatchNorm(args: FastBatchNormArgs = {}): FastBatchNorm {
  return new FastBatchNorm(args);
}
