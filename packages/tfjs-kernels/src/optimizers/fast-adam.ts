import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../kernels/adam-update';

type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** The state tfjs's AdamOptimizer keeps (private there); reusing it keeps getWeights/setWeights/dispose. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

/**
 * `tf.train.adam` whose step is one fused kernel per variable on wasm (tfjs spends a dozen elementwise
 * kernels, each a pass over the weights); elsewhere it is tfjs's own step. Same state, configuration
 * and class name (`Adam`), so it saves and restores like the original.
 */
export class FastAdam extends tf.AdamOptimizer {
  /** Sets the step size of the following updates (learning-rate schedules). */
  setLearningRate(learningRate: number): void {
    (this as unknown as AdamState).learningRate = learningRate;
  }

  override applyGradients(variableGradients: Gradients): void {
    if (tf.getKernel(ADAM_UPDATE, tf.getBackend()) === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const s = this as unknown as AdamState;
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    tf.tidy(() => {
      const acc1 = s.accBeta1.dataSync()[0];
      const acc2 = s.accBeta2.dataSync()[0];
      const attrs: AdamUpdateAttrs = {
        learningRate: s.learningRate,
        beta1: s.beta1,
        beta2: s.beta2,
        epsilon: s.epsilon,
        correction1: 1 - acc1,
        correction2: 1 - acc2,
      };
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        s.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        s.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i].variable;
        const v = s.accumulatedSecondMoment[i].variable;
        const [w2, m2, v2] = tf
          .engine()
          .runKernel(ADAM_UPDATE, { w: value, g: gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m2);
        v.assign(v2);
        value.assign(w2);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    this.incrementIterations();
  }
}

/** `tf.train.adam` arguments in, the fused optimizer out. */
export function fastAdam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FastAdam {
  return new FastAdam(learningRate, beta1, beta2, epsilon);
}
