import * as act from './activation';
import type { Matrix } from './matrix';
import * as mat from './matrix';
import { createRng, type Rng } from './random';

/**
 * How the weights start: `randn` is N(0, 1) as §02 of the course notes says (`numpy.random.randn`);
 * `rand` is uniform [0, 1) as the course's own MLP code does (`np.random.rand`).
 */
export type WeightInit = 'randn' | 'rand';

export interface MlpOptions {
  /** Seed for the weights (ignored when `rng` is given). Default 1. */
  seed?: number;
  /** Draw the weights from this generator instead (lets data and weights share one seeded stream). */
  rng?: Rng;
  /** Default `randn`, as §02 says (README: both meet the §06 goal for seeds 1–5). */
  init?: WeightInit;
}

// Bound once here: transpilers (tsx, SWC) turn each use of an import into a getter call that V8 does not
// inline, which tripled the cost of the per-sample loop.
const { sigmoid, sigmoidDerivative } = act;
const { addScaled, matrix, outer, vecMat, vecMatT } = mat;

function checkSize(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Mlp: ${what} must be a positive integer, got ${n}`);
}

/**
 * §02 multilayer perceptron: sigmoid layers, no biases (as in the course). Every buffer is allocated
 * once here so forward and backward passes allocate nothing.
 */
export class Mlp {
  /** Layer sizes: [numInputs, ...hidden, numOutputs]. */
  readonly layers: readonly number[];
  /** W_i joins layer i to layer i+1: layers[i] × layers[i+1]. */
  readonly weights: Matrix[];
  /** Deriv_i = a_iᵀ · δ_{i+1}, same shape as W_i; the last backward pass. */
  readonly derivatives: Matrix[];
  /** a_i of the last forward pass; a_0 is the input. */
  readonly activations: Float64Array[];
  /** error_i of the last backward pass for i ≥ 1 (error_L = y − a_L); error_0 is never needed and stays empty. */
  readonly errors: Float64Array[];
  /** δ_i = error_i ⊙ σ'(a_i) of the last backward pass for i ≥ 1; δ_0 stays empty. */
  readonly deltas: Float64Array[];

  constructor(numInputs: number, hiddenLayers: readonly number[], numOutputs: number, options: MlpOptions = {}) {
    checkSize('numInputs', numInputs);
    for (const [i, n] of hiddenLayers.entries()) checkSize(`hidden layer ${i} size`, n);
    checkSize('numOutputs', numOutputs);
    this.layers = [numInputs, ...hiddenLayers, numOutputs];
    const rng = options.rng ?? createRng(options.seed ?? 1);
    const draw = (options.init ?? 'randn') === 'rand' ? rng.random : rng.randn;
    this.weights = [];
    this.derivatives = [];
    for (let i = 0; i + 1 < this.layers.length; i++) {
      const w = matrix(this.layers[i], this.layers[i + 1]);
      for (let j = 0; j < w.data.length; j++) w.data[j] = draw();
      this.weights.push(w);
      this.derivatives.push(matrix(this.layers[i], this.layers[i + 1]));
    }
    this.activations = this.layers.map((n) => new Float64Array(n));
    this.errors = this.layers.map((n, i) => new Float64Array(i === 0 ? 0 : n));
    this.deltas = this.layers.map((n, i) => new Float64Array(i === 0 ? 0 : n));
  }

  get numInputs(): number {
    return this.layers[0];
  }

  get numOutputs(): number {
    return this.layers[this.layers.length - 1];
  }

  /**
   * Forward pass: a_0 = input[offset … offset+numInputs), a_{i+1} = σ(a_i · W_i). Returns the output
   * activations — an internal buffer that the next call overwrites (copy it to keep it).
   */
  forward(input: ArrayLike<number>, offset = 0): Float64Array {
    const n = this.numInputs;
    if (offset < 0 || offset + n > input.length)
      throw new RangeError(`Mlp.forward: needs ${n} inputs from offset ${offset}, input has ${input.length}`);
    const a0 = this.activations[0];
    for (let i = 0; i < n; i++) a0[i] = input[offset + i];
    for (let i = 0; i < this.weights.length; i++) {
      const next = vecMat(this.activations[i], this.weights[i], this.activations[i + 1]);
      for (let j = 0; j < next.length; j++) next[j] = sigmoid(next[j]);
    }
    return this.activations[this.activations.length - 1];
  }

  /** Forward pass returning a fresh copy of the output. */
  predict(input: ArrayLike<number>): number[] {
    return Array.from(this.forward(input));
  }

  /**
   * §02.1 backpropagation from the output error (y − a_L), using the activations of the last forward pass:
   * δ_{i+1} = error_{i+1} ⊙ σ'(a_{i+1}), Deriv_i = a_iᵀ · δ_{i+1}, error_i = δ_{i+1} · W_iᵀ.
   * Deriv_i is −∂E/∂W_i for E = ½ Σ_k (y_k − a_k)², so `gradientDescent` adds it.
   */
  backPropagate(error: ArrayLike<number>): void {
    const last = this.layers.length - 1;
    const outError = this.errors[last];
    if (error.length !== outError.length)
      throw new RangeError(`Mlp.backPropagate: error has length ${error.length}, expected ${outError.length}`);
    if (error !== outError) for (let j = 0; j < outError.length; j++) outError[j] = error[j];
    for (let i = last - 1; i >= 0; i--) {
      const a = this.activations[i + 1];
      const err = this.errors[i + 1];
      const delta = this.deltas[i + 1];
      for (let j = 0; j < delta.length; j++) delta[j] = err[j] * sigmoidDerivative(a[j]);
      outer(this.activations[i], delta, this.derivatives[i]);
      if (i > 0) vecMatT(delta, this.weights[i], this.errors[i]);
    }
  }

  /** §04 update: W_i += η · Deriv_i for every layer. */
  gradientDescent(learningRate: number): void {
    for (let i = 0; i < this.weights.length; i++) addScaled(this.weights[i], learningRate, this.derivatives[i]);
  }
}
