import { z } from 'zod';
import { RealFft } from './fft';
import type { ComplexMatrix, Matrix } from './matrix';
import { hann } from './window';

/** librosa 0.10 `stft` defaults: n_fft 2048, hop n_fft/4, periodic Hann, centred frames with zero padding. */
export const stftOptionsSchema = z.object({
  nFft: z.number().int().min(4).default(2048),
  hopLength: z.number().int().positive().optional(),
  winLength: z.number().int().positive().optional(),
  window: z.enum(['hann', 'ones']).default('hann'),
  center: z.boolean().default(true),
  padMode: z.enum(['constant', 'reflect']).default('constant'),
});
export type StftOptions = z.input<typeof stftOptionsSchema>;

/** Fully resolved framing: the window is already centred inside `nFft`. */
export interface Framing {
  nFft: number;
  hopLength: number;
  center: boolean;
  padMode: 'constant' | 'reflect';
  window: Float64Array;
}

export function resolveFraming(opts: StftOptions = {}): Framing {
  const o = stftOptionsSchema.parse(opts);
  const hopLength = o.hopLength ?? Math.floor(o.nFft / 4);
  const winLength = o.winLength ?? o.nFft;
  if (winLength > o.nFft) throw new RangeError(`winLength ${winLength} exceeds nFft ${o.nFft}`);
  const w = o.window === 'hann' ? hann(winLength) : new Float64Array(winLength).fill(1);
  // librosa pads a short window to n_fft symmetrically (util.pad_center).
  const window = new Float64Array(o.nFft);
  window.set(w, Math.floor((o.nFft - winLength) / 2));
  return { nFft: o.nFft, hopLength, center: o.center, padMode: o.padMode, window };
}

/** Number of STFT frames librosa produces: 1 + ⌊len/hop⌋ when centred. */
export function frameCount(length: number, f: Pick<Framing, 'nFft' | 'hopLength' | 'center'>): number {
  if (f.center) return 1 + Math.floor(length / f.hopLength);
  if (length < f.nFft) throw new RangeError(`signal of ${length} samples is shorter than nFft ${f.nFft}`);
  return 1 + Math.floor((length - f.nFft) / f.hopLength);
}

function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - k;
}

/**
 * Writes windowed frame `t` of `y` into `frame` (length nFft) without building a padded copy:
 * samples outside the signal are zero (constant padding) or mirrored (reflect).
 */
export function fillFrame(y: Float32Array, t: number, f: Framing, frame: Float32Array | Float64Array): void {
  const { nFft, window } = f;
  const n = y.length;
  const start = t * f.hopLength - (f.center ? nFft >> 1 : 0);
  if (start >= 0 && start + nFft <= n) {
    for (let i = 0; i < nFft; i++) frame[i] = y[start + i] * window[i];
    return;
  }
  const reflect = f.padMode === 'reflect';
  for (let i = 0; i < nFft; i++) {
    const s = start + i;
    if (s >= 0 && s < n) frame[i] = y[s] * window[i];
    else frame[i] = reflect && n > 0 ? y[reflectIndex(s, n)] * window[i] : 0;
  }
}

/** Complex STFT, shape [1 + nFft/2, frames] (librosa orientation), stored as float32 like librosa's complex64. */
export function stft(y: Float32Array, opts: StftOptions = {}): ComplexMatrix {
  const f = resolveFraming(opts);
  const frames = frameCount(y.length, f);
  const fft = new RealFft(f.nFft, 'fft.js');
  const bins = fft.bins;
  const re = new Float32Array(bins * frames);
  const im = new Float32Array(bins * frames);
  const out = new Float64Array(2 * bins);
  for (let t = 0; t < frames; t++) {
    fillFrame(y, t, f, fft.frame());
    fft.spectrum(out);
    for (let k = 0; k < bins; k++) {
      re[k * frames + t] = out[2 * k];
      im[k * frames + t] = out[2 * k + 1];
    }
  }
  return { re, im, shape: [bins, frames] };
}

/** |S| of a complex matrix. */
export function magnitude(s: ComplexMatrix): Matrix {
  const out = new Float32Array(s.re.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(s.re[i], s.im[i]);
  return { data: out, shape: [s.shape[0], s.shape[1]] };
}

/** |STFT(y)|^power, shape [1 + nFft/2, frames], stored as float32. */
export function spectrogram(y: Float32Array, opts: StftOptions & { power?: number } = {}): Matrix {
  const { power = 1, ...rest } = opts;
  const f = resolveFraming(rest);
  const frames = frameCount(y.length, f);
  const fft = new RealFft(f.nFft, 'fft.js');
  const bins = fft.bins;
  const data = new Float32Array(bins * frames);
  const p = new Float64Array(bins);
  for (let t = 0; t < frames; t++) {
    fillFrame(y, t, f, fft.frame());
    fft.power(p);
    for (let k = 0; k < bins; k++) data[k * frames + t] = power === 2 ? p[k] : p[k] ** (power / 2);
  }
  return { data, shape: [bins, frames] };
}
