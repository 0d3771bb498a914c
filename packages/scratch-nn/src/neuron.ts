import { sigmoid } from './activation';

/** §01 artificial neuron: the weighted sum h = Σ wᵢ·xᵢ squeezed through the sigmoid. */
export function neuron(inputs: ArrayLike<number>, weights: ArrayLike<number>): number {
  if (inputs.length !== weights.length)
    throw new RangeError(`neuron: ${inputs.length} inputs but ${weights.length} weights`);
  let h = 0;
  for (let i = 0; i < inputs.length; i++) h += inputs[i] * weights[i];
  return sigmoid(h);
}
