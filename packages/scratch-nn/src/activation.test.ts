import { sigmoid, sigmoidDerivative } from './activation';

describe('sigmoid', () => {
  it('squeezes into (0, 1) around 0.5', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2)).toBeCloseTo(0.880797, 6);
    expect(sigmoid(-2)).toBeCloseTo(1 - 0.880797, 6);
  });

  it("takes σ' on the activation: a(1 − a) equals the derivative in h", () => {
    const h = 0.7;
    const eps = 1e-6;
    const numeric = (sigmoid(h + eps) - sigmoid(h - eps)) / (2 * eps);
    expect(sigmoidDerivative(sigmoid(h))).toBeCloseTo(numeric, 9);
    expect(sigmoidDerivative(0.68)).toBeCloseTo(0.2176, 12);
  });
});
