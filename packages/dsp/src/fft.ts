import FFT from 'fft.js';
import { type PffftPlan, pffft, pffftPlan } from './pffft';

/**
 * Real FFT of a fixed power-of-two size; only bins 0…n/2 are computed or read. Two backends: 'fft.js' (its
 * `realTransform`, float64 like numpy's rfft: the STFT and spectra use it) and 'auto', which takes PFFFT
 * (WebAssembly SIMD, float32, ~10× faster: the MFCC hot loop uses it) when it loads and accepts the size (multiples
 * of 32) and falls back to fft.js otherwise. Write a frame into
 * `frame()`, then call `power()` or `spectrum()`. Instances of one size share PFFFT's buffers, so use the frame
 * view before the next call of any instance; the view is refreshed if WebAssembly memory grows.
 */
export class RealFft {
  readonly size: number;
  readonly bins: number;
  readonly backend: 'pffft' | 'fft.js';
  private readonly plan: PffftPlan | null;
  private readonly fft: FFT | null;
  private readonly own: Float64Array | null;
  private readonly out: Float64Array | null;
  private heap: Float32Array;

  constructor(size: number, backend: 'auto' | 'fft.js' = 'auto') {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    }
    this.size = size;
    this.bins = size / 2 + 1;
    this.plan = backend === 'auto' ? pffftPlan(size) : null;
    this.backend = this.plan ? 'pffft' : 'fft.js';
    this.fft = this.plan ? null : new FFT(size);
    this.own = this.plan ? null : new Float64Array(size);
    this.out = this.plan ? null : new Float64Array(2 * size);
    this.heap = this.plan ? new Float32Array(pffft()?.memory.buffer ?? new ArrayBuffer(0)) : new Float32Array(0);
  }

  private view(): Float32Array {
    const buffer = pffft()?.memory.buffer;
    if (buffer && this.heap.buffer !== buffer) this.heap = new Float32Array(buffer);
    return this.heap;
  }

  /** The buffer the next transform reads (length `size`): float32 for PFFFT, float64 for fft.js. */
  frame(): Float32Array | Float64Array {
    if (this.own) return this.own;
    const p = this.plan as PffftPlan;
    return this.view().subarray(p.input >> 2, (p.input >> 2) + this.size);
  }

  /** |X_k|² for k = 0…size/2 of the current frame into `power` (length ≥ bins). */
  power(power: Float64Array): void {
    const h = this.size >> 1;
    if (this.fft && this.out && this.own) {
      const out = this.out;
      this.fft.realTransform(out, this.own);
      for (let k = 0, j = 0; k <= h; k++, j += 2) power[k] = out[j] * out[j] + out[j + 1] * out[j + 1];
      return;
    }
    const p = this.plan as PffftPlan;
    pffft()?.transformOrdered(p.setup, p.input, p.output, p.work, 0);
    const heap = this.view();
    const o = p.output >> 2;
    // PFFFT's ordered real output: [DC, Nyquist, re1, im1, re2, im2, …]
    power[0] = heap[o] * heap[o];
    power[h] = heap[o + 1] * heap[o + 1];
    for (let k = 1, j = o + 2; k < h; k++, j += 2) power[k] = heap[j] * heap[j] + heap[j + 1] * heap[j + 1];
  }

  /**
   * |X_k|² for k = 0…size/2 of the current frame as if it had been multiplied by a periodic Hann window of length
   * `size` (write the frame unwindowed): for that window X_w[k] = X[k]/2 − (X[k−1] + X[k+1])/4 exactly, with
   * X[−1] = conj X[1] and X[size/2 + 1] = conj X[size/2 − 1]. A few additions per bin replace a multiplication
   * per sample in the frame fill, the costliest scalar loop of the MFCC extractor.
   */
  hannPower(power: Float64Array): void {
    const h = this.size >> 1;
    let src: Float32Array | Float64Array;
    let o: number;
    let nyquist: number;
    if (this.fft && this.out && this.own) {
      this.fft.realTransform(this.out, this.own);
      src = this.out;
      o = 0;
      nyquist = src[2 * h];
    } else {
      const p = this.plan as PffftPlan;
      pffft()?.transformOrdered(p.setup, p.input, p.output, p.work, 0);
      src = this.view();
      o = p.output >> 2;
      nyquist = src[o + 1]; // PFFFT's ordered real output: [DC, Nyquist, re1, im1, re2, im2, …]
    }
    const dc = src[o];
    let pr = dc; // bin k − 1
    let pi = 0;
    let cr = src[o + 2]; // bin k
    let ci = src[o + 3];
    const w0 = 0.5 * dc - 0.5 * cr;
    power[0] = w0 * w0;
    for (let k = 1, j = o + 4; k < h - 1; k++, j += 2) {
      const nr = src[j];
      const ni = src[j + 1];
      const re = 0.5 * cr - 0.25 * (pr + nr);
      const im = 0.5 * ci - 0.25 * (pi + ni);
      power[k] = re * re + im * im;
      pr = cr;
      pi = ci;
      cr = nr;
      ci = ni;
    }
    // bin h − 1, whose upper neighbour is the (real) Nyquist bin, then the Nyquist bin itself
    const re = 0.5 * cr - 0.25 * (pr + nyquist);
    const im = 0.5 * ci - 0.25 * pi;
    power[h - 1] = re * re + im * im;
    const wh = 0.5 * nyquist - 0.5 * cr;
    power[h] = wh * wh;
  }

  /** X_k for k = 0…size/2 of the current frame, interleaved [re, im] into `out` (length ≥ 2·bins). */
  spectrum(out: Float64Array): void {
    const h = this.size >> 1;
    if (this.fft && this.out && this.own) {
      this.fft.realTransform(this.out, this.own);
      out.set(this.out.subarray(0, 2 * this.bins));
      return;
    }
    const p = this.plan as PffftPlan;
    pffft()?.transformOrdered(p.setup, p.input, p.output, p.work, 0);
    const heap = this.view();
    const o = p.output >> 2;
    out[0] = heap[o];
    out[1] = 0;
    out[2 * h] = heap[o + 1];
    out[2 * h + 1] = 0;
    for (let j = 2; j < 2 * h; j++) out[j] = heap[o + j];
  }
}

/** a ← a · b element by element, for interleaved complex arrays (re, im, re, im, …) of equal length. */
export function multiplySpectra(a: Float64Array | number[], b: Float64Array | number[]): void {
  for (let i = 0; i < a.length; i += 2) {
    const re = a[i] * b[i] - a[i + 1] * b[i + 1];
    const im = a[i] * b[i + 1] + a[i + 1] * b[i];
    a[i] = re;
    a[i + 1] = im;
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
 * through fft.js; an even length packs even/odd samples into a complex signal of n/2 (half the work) and an odd
 * length runs as is, both through Bluestein's chirp-z algorithm. Returns interleaved [re, im] for k = 0…n/2.
 */
export function realDft(x: Float32Array | Float64Array): Float64Array {
  const n = x.length;
  const half = Math.floor(n / 2) + 1;
  const result = new Float64Array(2 * half);
  if (n === 0) return result;
  if (n >= 4 && (n & (n - 1)) === 0) {
    const rf = new RealFft(n, 'fft.js');
    rf.frame().set(x);
    rf.spectrum(result);
    return result;
  }
  if (n % 2 === 1) {
    const z = new Float64Array(2 * n);
    for (let t = 0; t < n; t++) z[2 * t] = x[t];
    result.set(bluestein(z).subarray(0, 2 * half));
    return result;
  }
  // Z = DFT_m(x_even + i·x_odd); X_k = E_k + e^{−2πik/n}·O_k with E_k = (Z_k + conj Z_{m−k})/2, O_k = (Z_k − conj Z_{m−k})/2i.
  const m = n / 2;
  const z = new Float64Array(2 * m);
  for (let t = 0; t < 2 * m; t++) z[t] = x[t];
  const Z = bluestein(z);
  for (let k = 0; k <= m; k++) {
    const a = k % m;
    const b = (m - k) % m;
    const zr = Z[2 * a];
    const zi = Z[2 * a + 1];
    const cr = Z[2 * b];
    const ci = -Z[2 * b + 1];
    const er = (zr + cr) / 2;
    const ei = (zi + ci) / 2;
    const or = (zi - ci) / 2;
    const oi = -(zr - cr) / 2;
    const ang = (-2 * Math.PI * k) / n;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    result[2 * k] = er + wr * or - wi * oi;
    result[2 * k + 1] = ei + wr * oi + wi * or;
  }
  return result;
}

/** Complex DFT of any length n (interleaved in and out) by Bluestein's algorithm over a power-of-two fft.js. */
function bluestein(x: Float64Array): Float64Array {
  const n = x.length / 2;
  if (n === 1) return Float64Array.from(x);
  // X_k = conj(w_k) · Σ_t (x_t · conj(w_t)) · w_{k−t}, with w_t = exp(iπ t²/n), as a circular convolution.
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
  // three buffers of 2m doubles (a long track needs hundreds of MB): a holds the input, then the chirp, then the result
  const a = new Float64Array(2 * m);
  const fa = new Float64Array(2 * m);
  const fb = new Float64Array(2 * m);
  for (let t = 0; t < n; t++) {
    const xr = x[2 * t];
    const xi = x[2 * t + 1];
    a[2 * t] = xr * wRe[t] + xi * wIm[t];
    a[2 * t + 1] = xi * wRe[t] - xr * wIm[t];
  }
  fft.transform(fa, a);
  a.fill(0);
  a[0] = wRe[0];
  a[1] = wIm[0];
  for (let t = 1; t < n; t++) {
    a[2 * t] = a[2 * (m - t)] = wRe[t];
    a[2 * t + 1] = a[2 * (m - t) + 1] = wIm[t];
  }
  fft.transform(fb, a);
  multiplySpectra(fa, fb);
  fft.inverseTransform(a, fa);
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const re = a[2 * k];
    const im = a[2 * k + 1];
    out[2 * k] = re * wRe[k] + im * wIm[k];
    out[2 * k + 1] = im * wRe[k] - re * wIm[k];
  }
  return out;
}
