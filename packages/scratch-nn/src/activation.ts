/** The logistic sigmoid σ(h) = 1 / (1 + e^(−h)). */
export function sigmoid(h: number): number {
  return 1 / (1 + Math.exp(-h));
}

/**
 * σ' written on the activation, as the course does: with a = σ(h), σ'(h) = a · (1 − a).
 * Pass the activation `a`, not the weighted sum `h`.
 */
export function sigmoidDerivative(a: number): number {
  return a * (1 - a);
}
