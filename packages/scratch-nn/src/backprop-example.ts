import { sigmoidDerivative } from './activation';
import { toRows } from './matrix';
import { Mlp } from './mlp';

/** One quantity of the §02.1 walk-through: our exact value beside the course's hand-rounded one. */
export interface ExampleStep {
  name: string;
  formula: string;
  /** Rows of the quantity as this package computes it (a row vector is one row). */
  exact: number[][];
  /** The value printed in the course notes, same shape. */
  seed: number[][];
}

/**
 * The §02.1 2-2-1 numerical example, run through `Mlp.backPropagate`. The course *gives* the activations
 * (a0 = [1, 2], a1 = [0.6, 0.7], a2 = 0.68) rather than deriving them from W0, which it never states
 * (note σ(a1 · W1) = σ(0.65) ≈ 0.657, not 0.68), so they are set directly; W0 does not enter any step.
 */
export function backpropExample(): ExampleStep[] {
  const y = 1;
  const mlp = new Mlp(2, [2], 1);
  mlp.weights[0].data.fill(0);
  mlp.weights[1].data.set([0.5, 0.5]);
  mlp.activations[0].set([1, 2]);
  mlp.activations[1].set([0.6, 0.7]);
  mlp.activations[2].set([0.68]);
  mlp.backPropagate([y - mlp.activations[2][0]]);
  const slope = (a: Float64Array): number[][] => [Array.from(a, sigmoidDerivative)];
  return [
    { name: 'error2', formula: 'y − a2', exact: [Array.from(mlp.errors[2])], seed: [[0.32]] },
    { name: "σ'(a2)", formula: 'a2 ⊙ (1 − a2)', exact: slope(mlp.activations[2]), seed: [[0.22]] },
    { name: 'δ2', formula: "error2 ⊙ σ'(a2)", exact: [Array.from(mlp.deltas[2])], seed: [[0.07]] },
    { name: 'Deriv1', formula: 'a1ᵀ · δ2', exact: toRows(mlp.derivatives[1]), seed: [[0.042], [0.049]] },
    { name: 'error1', formula: 'δ2 · W1ᵀ', exact: [Array.from(mlp.errors[1])], seed: [[0.035, 0.035]] },
    { name: "σ'(a1)", formula: 'a1 ⊙ (1 − a1)', exact: slope(mlp.activations[1]), seed: [[0.24, 0.21]] },
    { name: 'δ1', formula: "error1 ⊙ σ'(a1)", exact: [Array.from(mlp.deltas[1])], seed: [[0.0084, 0.00735]] },
    {
      name: 'Deriv0',
      formula: 'a0ᵀ · δ1',
      exact: toRows(mlp.derivatives[0]),
      seed: [
        [0.0084, 0.00735],
        [0.0168, 0.0147],
      ],
    },
  ];
}
