import { sigmoid } from './activation';

/** The weighted sum h = Σ wᵢ·xᵢ of §01. */
export function weightedSum(inputs: ArrayLike<number>, weights: ArrayLike<number>): number {
  if (inputs.length !== weights.length)
    throw new RangeError(`neuron: ${inputs.length} inputs but ${weights.length} weights`);
  let h = 0;
  for (let i = 0; i < inputs.length; i++) h += inputs[i] * weights[i];
  return h;
}

/** §01 artificial neuron: the weighted sum squeezed through the sigmoid. */
export function neuron(inputs: ArrayLike<number>, weights: ArrayLike<number>): number {
  return sigmoid(weightedSum(inputs, weights));
}
