/**
 * DCT-II basis (scipy.fftpack.dct type 2), first `nOut` rows of an n-point transform, row-major [nOut, n]:
 * X_k = s_k · Σ_i x_i cos(π k (2i + 1) / 2n). norm 'ortho': s_0 = √(1/n), s_k = √(2/n); norm null (scipy's
 * default, librosa `norm=None`): s_k = 2.
 */
export function dctMatrix(nOut: number, n: number, norm: 'ortho' | null = 'ortho'): Float64Array {
  if (nOut > n) throw new RangeError(`cannot keep ${nOut} coefficients of a ${n}-point DCT`);
  const d = new Float64Array(nOut * n);
  for (let k = 0; k < nOut; k++) {
    const s = norm === null ? 2 : k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let i = 0; i < n; i++) d[k * n + i] = s * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
  }
  return d;
}
