import { z } from 'zod';
import type { Matrix } from './matrix';

export const deltaOptionsSchema = z.strictObject({
  /** Frames in each local fit: odd, ≥ 3 and at most the number of frames. */
  width: z
    .number()
    .int()
    .min(3)
    .refine((w) => w % 2 === 1, 'width must be odd')
    .default(9),
  /** Derivative order (1: delta, 2: delta-delta); also the degree of the local polynomial, as in librosa. */
  order: z.number().int().min(1).default(1),
});
export type DeltaOptions = z.input<typeof deltaOptionsSchema>;

/**
 * Savitzky–Golay weights c[0…width−1] with Σ c[j]·x[i − h + j] = the `order`-th derivative at i of the degree-
 * `order` polynomial fitted by least squares to the window around i (h = width/2): scipy's savgol_coeffs with
 * polyorder = deriv = order. The normal equations are solved in double; order stays small.
 */
export function savgolWeights(width: number, order: number): Float64Array {
  const h = (width - 1) / 2;
  const p = order + 1;
  // M = AᵀA with A[j][q] = (j − h)^q; the derivative is order!·(coefficient of x^order) = order!·(M⁻¹Aᵀ)[order].
  const M = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) => {
      let s = 0;
      for (let j = -h; j <= h; j++) s += j ** (a + b);
      return s;
    }),
  );
  // Row `order` of M⁻¹ (M is symmetric): solve M·v = e_order by Gauss–Jordan with partial pivoting.
  const aug = M.map((row, r) => [...row, r === order ? 1 : 0]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(aug[r][c]) > Math.abs(aug[piv][c])) piv = r;
    [aug[c], aug[piv]] = [aug[piv], aug[c]];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = aug[r][c] / aug[c][c];
      for (let k = c; k <= p; k++) aug[r][k] -= f * aug[c][k];
    }
  }
  const v = aug.map((row, r) => row[p] / row[r]);
  let fact = 1;
  for (let k = 2; k <= order; k++) fact *= k;
  const w = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    let s = 0;
    for (let q = 0; q < p; q++) s += v[q] * (j - h) ** q;
    w[j] = fact * s;
  }
  return w;
}

/**
 * librosa.feature.delta along the frames axis of a [rows, frames] matrix (MFCCs, log-mel): the local
 * `order`-th derivative from scipy.signal.savgol_filter(width, polyorder = deriv = order, mode='interp'). In the
 * first and last width/2 frames 'interp' evaluates the polynomial fitted to the first (last) `width` frames, whose
 * `order`-th derivative is constant: the value at frame width/2 (frames − 1 − width/2).
 */
export function delta(m: Matrix, opts: DeltaOptions = {}): Matrix {
  const { width, order } = deltaOptionsSchema.parse(opts);
  const [rows, frames] = m.shape;
  if (width > frames) throw new RangeError(`delta: width ${width} exceeds the ${frames} frames (mode 'interp')`);
  if (order >= width) throw new RangeError(`delta: order ${order} must be below width ${width}`);
  const w = savgolWeights(width, order);
  const h = (width - 1) / 2;
  const out = new Float32Array(rows * frames);
  for (let r = 0; r < rows; r++) {
    const x = m.data.subarray(r * frames, (r + 1) * frames);
    const y = out.subarray(r * frames, (r + 1) * frames);
    for (let t = h; t < frames - h; t++) {
      let s = 0;
      for (let j = 0; j < width; j++) s += w[j] * x[t - h + j];
      y[t] = s;
    }
    y.fill(y[h], 0, h);
    y.fill(y[frames - 1 - h], frames - h);
  }
  return { data: out, shape: [rows, frames] };
}
