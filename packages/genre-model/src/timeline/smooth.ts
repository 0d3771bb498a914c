/**
 * Each window's probabilities replaced by the median (or mean) of the `n` windows centred on it, class by class;
 * near the ends the neighbourhood is cut short. Medians of classes need not sum to 1: they rank, they are not a
 * distribution. `probs` holds one row of `k` values per window.
 */
export function smoothProbabilities(
  probs: Float32Array,
  k: number,
  n: number,
  method: 'median' | 'mean',
): Float32Array {
  if (n <= 1) return probs;
  const windows = probs.length / k;
  const out = new Float32Array(probs.length);
  const half = Math.floor(n / 2);
  const values: number[] = [];
  for (let w = 0; w < windows; w++) {
    const lo = Math.max(0, w - half);
    const hi = Math.min(windows, w - half + n);
    for (let c = 0; c < k; c++) {
      values.length = 0;
      for (let j = lo; j < hi; j++) values.push(probs[j * k + c]);
      out[w * k + c] = method === 'mean' ? values.reduce((a, b) => a + b, 0) / values.length : median(values);
    }
  }
  return out;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 === 1 ? values[m] : (values[m - 1] + values[m]) / 2;
}
