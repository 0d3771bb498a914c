import { z } from 'zod';
import { dctMatrix } from './dct';
import { RealFft } from './fft';
import type { Matrix } from './matrix';
import { applyMel, sparseMelFilterBank } from './mel';
import { type Framing, fillFrame, frameCount, resolveFraming } from './stft';

/**
 * MFCC parameters. nMfcc defaults to 13 (the course's and GTZAN code's choice); librosa's own default is 20.
 * Everything else is librosa 0.10's default: periodic Hann, centred zero-padded frames, Slaney mel, power 2,
 * power_to_db(ref 1, amin 1e-10, top_db 80), DCT-II ortho, no lifter.
 */
export const mfccOptionsSchema = z.object({
  sr: z.number().positive().default(22050),
  nMfcc: z.number().int().positive().default(13),
  nFft: z.number().int().min(4).default(2048),
  hopLength: z.number().int().positive().default(512),
  nMels: z.number().int().positive().default(128),
  fmin: z.number().min(0).default(0),
  fmax: z.number().positive().optional(),
  htk: z.boolean().default(false),
  topDb: z.number().min(0).nullable().default(80),
});
export type MfccOptions = z.input<typeof mfccOptionsSchema>;

export type MfccExtractor = (y: Float32Array) => Matrix;

/**
 * Precomputes window, FFT tables, sparse mel filters and the DCT basis once; the returned function reuses its
 * work buffers (frame, power spectrum, mel-dB matrix) on every call, so the frame loop allocates nothing.
 * Output: shape [nMfcc, frames] (librosa orientation), a fresh array per call.
 */
export function createMfccExtractor(opts: MfccOptions = {}): MfccExtractor {
  const o = mfccOptionsSchema.parse(opts);
  if (o.nMfcc > o.nMels) throw new RangeError(`nMfcc ${o.nMfcc} exceeds nMels ${o.nMels}`);
  const framing: Framing = resolveFraming({ nFft: o.nFft, hopLength: o.hopLength });
  const fft = new RealFft(o.nFft);
  const bank = sparseMelFilterBank({ sr: o.sr, nFft: o.nFft, nMels: o.nMels, fmin: o.fmin, fmax: o.fmax, htk: o.htk });
  const nMels = o.nMels;
  const nMfcc = o.nMfcc;
  const dct = dctMatrix(nMfcc, nMels);
  const power = new Float64Array(fft.bins);
  const mel = new Float64Array(nMels);
  let melDb = new Float64Array(0); // [frame][mel], grown on demand
  const half = nMels >> 1;
  const odd = (nMels & 1) === 1;
  const sum = new Float64Array(half);
  const diff = new Float64Array(half);

  const topDb = o.topDb;
  const LOG10_SCALE = 10 / Math.LN10;
  let coeffs = new Float64Array(0); // [frame][k], grown on demand
  let lowest = new Float64Array(0); // smallest dB value of each frame

  /** DCT-II of frame t's dB values (each raised to at least `floor`) into coeffs[t]. The basis is symmetric
   * (even k) or antisymmetric (odd k) about the middle: folding the input once halves the multiplications. */
  const dctFrame = (t: number, floor: number): void => {
    const base = t * nMels;
    for (let i = 0; i < half; i++) {
      const a = Math.max(melDb[base + i], floor);
      const b = Math.max(melDb[base + nMels - 1 - i], floor);
      sum[i] = a + b;
      diff[i] = a - b;
    }
    const middle = odd ? Math.max(melDb[base + half], floor) : 0;
    for (let k = 0; k < nMfcc; k++) {
      const row = k * nMels;
      const v = k & 1 ? diff : sum;
      let acc = k & 1 ? 0 : middle * dct[row + half];
      for (let i = 0; i < half; i++) acc += dct[row + i] * v[i];
      coeffs[t * nMfcc + k] = acc;
    }
  };

  return (y: Float32Array): Matrix => {
    const frames = frameCount(y.length, framing);
    if (melDb.length < frames * nMels) {
      melDb = new Float64Array(frames * nMels);
      coeffs = new Float64Array(frames * nMfcc);
      lowest = new Float64Array(frames);
    }
    let top = Number.NEGATIVE_INFINITY;
    const frame = fft.frame();
    for (let t = 0; t < frames; t++) {
      fillFrame(y, t, framing, frame);
      fft.power(power);
      applyMel(bank, power, mel);
      const base = t * nMels;
      let low = Number.POSITIVE_INFINITY;
      for (let m = 0; m < nMels; m++) {
        const d = LOG10_SCALE * Math.log(Math.max(mel[m], 1e-10));
        melDb[base + m] = d;
        if (d > top) top = d;
        if (d < low) low = d;
      }
      lowest[t] = low;
      dctFrame(t, Number.NEGATIVE_INFINITY); // while the frame is in cache; redone below if the floor bites
    }
    // top_db is relative to the maximum of the whole clip, so the clamp is known only after the last frame;
    // only frames holding a value below it are transformed again.
    const floor = topDb === null ? Number.NEGATIVE_INFINITY : top - topDb;
    const out = new Float32Array(nMfcc * frames);
    for (let t = 0; t < frames; t++) {
      if (lowest[t] < floor) dctFrame(t, floor);
      for (let k = 0; k < nMfcc; k++) out[k * frames + t] = coeffs[t * nMfcc + k];
    }
    return { data: out, shape: [nMfcc, frames] };
  };
}

const cache = new Map<string, MfccExtractor>();

/** librosa `feature.mfcc(y=y, sr=sr, n_mfcc=…)`: shape [nMfcc, frames]. Extractors are cached per option set. */
export function mfcc(y: Float32Array, opts: MfccOptions = {}): Matrix {
  const key = JSON.stringify(mfccOptionsSchema.parse(opts));
  let extract = cache.get(key);
  if (!extract) {
    if (cache.size >= 16) cache.clear();
    extract = createMfccExtractor(opts);
    cache.set(key, extract);
  }
  return extract(y);
}
