import FFT from 'fft.js';

/**
 * Real FFT of a fixed power-of-two size over fft.js. Only bins 0…n/2 are ever read, so the mirrored
 * half (`completeSpectrum`) is never computed. One instance owns its buffers: reuse it across frames.
 */
export class RealFft {
  readonly size: number;
  readonly bins: number;
  private readonly fft: FFT;
  private readonly out: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    }
    this.size = size;
    this.bins = size / 2 + 1;
    this.fft = new FFT(size);
    this.out = new Float64Array(2 * size);
  }

  /** Transforms `input` (length `size`) and returns the interleaved [re, im, …] buffer; bins 0…size/2 are valid. */
  transform(input: Float64Array): Float64Array {
    this.fft.realTransform(this.out, input);
    return this.out;
  }

  /** |X_k|² for k = 0…size/2 into `power` (length ≥ bins). */
  power(input: Float64Array, power: Float64Array): void {
    const out = this.out;
    this.fft.realTransform(out, input);
    for (let k = 0, j = 0; k < this.bins; k++, j += 2) power[k] = out[j] * out[j] + out[j + 1] * out[j + 1];
  }
}

/** Smallest power of two ≥ n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * DFT of a real signal of any length (numpy `fft.fft(x)[:n//2+1]`): a power-of-two length goes straight
 * through fft.js, any other through Bluestein's chirp-z algorithm. Returns interleaved [re, im] for k = 0…n/2.
 */
export function realDft(x: Float32Array | Float64Array): Float64Array {
  const n = x.length;
  const half = Math.floor(n / 2) + 1;
  const result = new Float64Array(2 * half);
  if (n === 0) return result;
  if (n >= 4 && (n & (n - 1)) === 0) {
    const rf = new RealFft(n);
    const out = rf.transform(Float64Array.from(x));
    result.set(out.subarray(0, 2 * half));
    return result;
  }
  if (n < 4) {
    for (let k = 0; k < half; k++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        re += x[t] * Math.cos(a);
        im += x[t] * Math.sin(a);
      }
      result[2 * k] = re;
      result[2 * k + 1] = im;
    }
    return result;
  }
  // Bluestein: X_k = conj(w_k) · Σ_t (x_t · conj(w_t)) · w_{k−t}, with w_t = exp(iπ t²/n), as a circular convolution.
  const m = nextPow2(2 * n - 1);
  const fft = new FFT(m);
  const wRe = new Float64Array(n);
  const wIm = new Float64Array(n);
  const twoN = 2 * n;
  for (let t = 0; t < n; t++) {
    const a = (Math.PI * ((t * t) % twoN)) / n; // t² mod 2n keeps the angle exact for long signals
    wRe[t] = Math.cos(a);
    wIm[t] = Math.sin(a);
  }
  const a = new Float64Array(2 * m);
  const b = new Float64Array(2 * m);
  for (let t = 0; t < n; t++) {
    a[2 * t] = x[t] * wRe[t];
    a[2 * t + 1] = -x[t] * wIm[t];
  }
  b[0] = wRe[0];
  b[1] = wIm[0];
  for (let t = 1; t < n; t++) {
    b[2 * t] = b[2 * (m - t)] = wRe[t];
    b[2 * t + 1] = b[2 * (m - t) + 1] = wIm[t];
  }
  const fa = new Float64Array(2 * m);
  const fb = new Float64Array(2 * m);
  fft.transform(fa, a);
  fft.transform(fb, b);
  for (let i = 0; i < 2 * m; i += 2) {
    const re = fa[i] * fb[i] - fa[i + 1] * fb[i + 1];
    const im = fa[i] * fb[i + 1] + fa[i + 1] * fb[i];
    fa[i] = re;
    fa[i + 1] = im;
  }
  fft.inverseTransform(a, fa);
  for (let k = 0; k < half; k++) {
    const re = a[2 * k];
    const im = a[2 * k + 1];
    result[2 * k] = re * wRe[k] + im * wIm[k];
    result[2 * k + 1] = im * wRe[k] - re * wIm[k];
  }
  return result;
}
