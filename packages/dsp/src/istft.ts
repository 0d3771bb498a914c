import { z } from 'zod';
import { RealFft } from './fft';
import type { ComplexMatrix } from './matrix';
import { hann } from './window';

/** librosa 0.10 `istft` options; `nFft` defaults to 2·(bins − 1), the hop to winLength/4. */
export const istftOptionsSchema = z.strictObject({
  nFft: z.number().int().min(4).optional(),
  hopLength: z.number().int().positive().optional(),
  winLength: z.number().int().positive().optional(),
  window: z.enum(['hann', 'ones']).default('hann'),
  center: z.boolean().default(true),
  /** Exact output length (librosa's `length`): trims or zero-pads the result. */
  length: z.number().int().nonnegative().optional(),
});
export type IstftOptions = z.input<typeof istftOptionsSchema>;

/**
 * Inverse real FFT of one column (numpy `irfft(X, n)`, imaginary parts of DC and Nyquist ignored) through the
 * package's forward real FFT: for a Hermitian spectrum x = DHT(Re X − Im X) / n, and the Hartley transform of a
 * real sequence h is Re H − Im H at k and Re H + Im H at n − k, with H = rfft(h).
 */
export class InverseRealFft {
  readonly size: number;
  private readonly fft: RealFft;
  private readonly spectrum: Float64Array;

  constructor(size: number) {
    this.fft = new RealFft(size, 'fft.js');
    this.size = size;
    this.spectrum = new Float64Array(2 * this.fft.bins);
  }

  /** Bins 0…size/2 as separate planes, read at `re[offset + k·stride]`; writes `size` samples into `out`. */
  transform(
    re: ArrayLike<number>,
    im: ArrayLike<number>,
    offset: number,
    stride: number,
    out: Float64Array | Float32Array,
  ): void {
    const n = this.size;
    const h = n >> 1;
    const frame = this.fft.frame();
    frame[0] = re[offset];
    frame[h] = re[offset + h * stride];
    for (let k = 1, j = offset + stride; k < h; k++, j += stride) {
      const r = re[j];
      const i = im[j];
      frame[k] = r - i;
      frame[n - k] = r + i;
    }
    const s = this.spectrum;
    this.fft.spectrum(s);
    const scale = 1 / n;
    out[0] = s[0] * scale;
    out[h] = s[2 * h] * scale;
    for (let k = 1; k < h; k++) {
      out[k] = (s[2 * k] - s[2 * k + 1]) * scale;
      out[n - k] = (s[2 * k] + s[2 * k + 1]) * scale;
    }
  }
}

/**
 * Inverse STFT as librosa 0.10 `istft`: each column's irfft times the (periodic Hann) window, overlap-added into a
 * float32 signal like librosa's for a complex64 input, then divided by the window's sum-square envelope wherever
 * that exceeds float32's smallest normal number. Centred frames drop nFft/2 samples at the start. With `length`,
 * frames past the ones that can reach it are skipped and the result is trimmed or zero-padded to it.
 */
export function istft(D: ComplexMatrix, opts: IstftOptions = {}): Float32Array {
  const o = istftOptionsSchema.parse(opts);
  const [bins, frames] = D.shape;
  const nFft = o.nFft ?? 2 * (bins - 1);
  if (bins !== (nFft >> 1) + 1) throw new RangeError(`istft: ${bins} bins do not fit nFft ${nFft}`);
  const winLength = o.winLength ?? nFft;
  if (winLength > nFft) throw new RangeError(`istft: winLength ${winLength} exceeds nFft ${nFft}`);
  const hop = o.hopLength ?? Math.floor(winLength / 4);
  const w = o.window === 'hann' ? hann(winLength) : new Float64Array(winLength).fill(1);
  const window = new Float64Array(nFft);
  window.set(w, Math.floor((nFft - winLength) / 2));

  const half = nFft >> 1;
  const pad = o.center ? half : 0;
  let nFrames = frames;
  if (o.length) nFrames = Math.min(frames, Math.ceil((o.length + 2 * pad) / hop));
  const outLength = o.length ?? Math.max(0, nFft + hop * (nFrames - 1) - 2 * pad);
  const y = new Float32Array(outLength);

  const ifft = new InverseRealFft(nFft);
  const frame = new Float64Array(nFft);
  for (let t = 0; t < nFrames; t++) {
    ifft.transform(D.re, D.im, t, frames, frame);
    const start = t * hop - pad;
    const i0 = Math.max(0, -start);
    const i1 = Math.min(nFft, outLength - start);
    // float32 accumulation, as librosa's overlap-add into a float32 buffer
    for (let i = i0; i < i1; i++) y[start + i] += window[i] * frame[i];
  }

  // librosa.filters.window_sumsquare: float32 envelope of the squared window, accumulated frame by frame.
  const env = new Float32Array(outLength);
  for (let t = 0; t < nFrames; t++) {
    const start = t * hop - pad;
    const i0 = Math.max(0, -start);
    const i1 = Math.min(nFft, outLength - start);
    for (let i = i0; i < i1; i++) env[start + i] += window[i] * window[i];
  }
  const tiny = 1.1754943508222875e-38; // np.finfo(np.float32).tiny
  for (let i = 0; i < outLength; i++) if (env[i] > tiny) y[i] /= env[i];
  return y;
}
