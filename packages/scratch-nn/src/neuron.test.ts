import { neuron, weightedSum } from './neuron';

describe('neuron', () => {
  it('gives sigmoid(0.45) = 0.61063 for the course example', () => {
    expect(weightedSum([0.5, 0.3, 0.2], [0.4, 0.7, 0.2])).toBeCloseTo(0.45, 15);
    const y = neuron([0.5, 0.3, 0.2], [0.4, 0.7, 0.2]);
    expect(y).toBeCloseTo(1 / (1 + Math.exp(-0.45)), 15);
    // The course prints the first five decimals of 0.6106392…
    expect(Math.trunc(y * 1e5) / 1e5).toBe(0.61063);
  });

  it('rejects mismatched inputs and weights', () => {
    expect(() => neuron([1, 2], [1])).toThrow(/2 inputs but 1 weights/);
  });
});
