import { betaSample } from '../random';

/**
 * Mixup (Zhang et al. 2018) in place: each sample i of the batch becomes λ·x_i + (1 − λ)·x_p(i) with p a random
 * permutation and λ ~ Beta(α, α) drawn per sample (folded to λ ≥ 0.5 so the sample keeps its own label as the larger
 * share); the soft targets [n, k] mix the same way.
 */
export function mixup(x: Float32Array, targets: Float32Array, n: number, alpha: number, rand: () => number): void {
  if (n < 2 || alpha <= 0) return;
  const size = x.length / n;
  const k = targets.length / n;
  const x0 = x.slice();
  const t0 = targets.slice();
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  for (let i = 0; i < n; i++) {
    const b = betaSample(alpha, alpha, rand);
    const lambda = Math.max(b, 1 - b);
    const p = perm[i];
    for (let v = 0; v < size; v++) x[i * size + v] = lambda * x0[i * size + v] + (1 - lambda) * x0[p * size + v];
    for (let c = 0; c < k; c++) targets[i * k + c] = lambda * t0[i * k + c] + (1 - lambda) * t0[p * k + c];
  }
}
