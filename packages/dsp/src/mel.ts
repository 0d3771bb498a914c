import { z } from 'zod';
import type { Matrix } from './matrix';
import { type StftOptions, spectrogram } from './stft';

// Slaney's Auditory Toolbox scale (librosa htk=False): linear below 1 kHz, logarithmic above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMel(hz: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

export function melToHz(mel: number, htk = false): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** `n` frequencies evenly spaced on the mel scale from fmin to fmax (librosa `mel_frequencies`). */
export function melFrequencies(n: number, fmin: number, fmax: number, htk = false): Float64Array {
  const lo = hzToMel(fmin, htk);
  const hi = hzToMel(fmax, htk);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = melToHz(n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1), htk);
  return out;
}

export const melOptionsSchema = z.object({
  sr: z.number().positive().default(22050),
  nFft: z.number().int().min(4).default(2048),
  nMels: z.number().int().positive().default(128),
  fmin: z.number().min(0).default(0),
  fmax: z.number().positive().optional(),
  htk: z.boolean().default(false),
  norm: z.enum(['slaney', 'none']).default('slaney'),
});
export type MelOptions = z.input<typeof melOptionsSchema>;

/**
 * Triangular mel filters stored sparsely: filter m covers FFT bins [start[m], start[m] + length[m]) with
 * weights at `weights[offset[m] …]`. Triangles only overlap their neighbours, so each bin feeds at most two filters.
 */
export interface SparseMel {
  nMels: number;
  bins: number;
  start: Int32Array;
  length: Int32Array;
  offset: Int32Array;
  weights: Float64Array;
  /** Band edges in Hz (nMels + 2 values). */
  edges: Float64Array;
}

/** librosa `filters.mel` (float64 arithmetic, Slaney area norm 2/(f[m+2] − f[m]) unless norm 'none'). */
export function sparseMelFilterBank(opts: MelOptions = {}): SparseMel {
  const o = melOptionsSchema.parse(opts);
  const fmax = o.fmax ?? o.sr / 2;
  if (fmax <= o.fmin) throw new RangeError(`fmax ${fmax} must exceed fmin ${o.fmin}`);
  const bins = Math.floor(o.nFft / 2) + 1;
  const fftFreqs = new Float64Array(bins);
  // np.linspace(0, sr/2, bins)
  for (let k = 0; k < bins; k++) fftFreqs[k] = ((o.sr / 2) * k) / (bins - 1);
  const edges = melFrequencies(o.nMels + 2, o.fmin, fmax, o.htk);
  const start = new Int32Array(o.nMels);
  const length = new Int32Array(o.nMels);
  const offset = new Int32Array(o.nMels);
  const all: number[] = [];
  for (let m = 0; m < o.nMels; m++) {
    const lowerWidth = edges[m + 1] - edges[m];
    const upperWidth = edges[m + 2] - edges[m + 1];
    const enorm = o.norm === 'slaney' ? 2 / (edges[m + 2] - edges[m]) : 1;
    offset[m] = all.length;
    let first = -1;
    let last = -1;
    for (let k = 0; k < bins; k++) {
      const lower = (fftFreqs[k] - edges[m]) / lowerWidth;
      const upper = (edges[m + 2] - fftFreqs[k]) / upperWidth;
      const w = Math.max(0, Math.min(lower, upper));
      if (w > 0) {
        if (first < 0) first = k;
        // keep interior zeros so each filter stays one contiguous run
        for (let z = last + 1; last >= 0 && z < k; z++) all.push(0);
        all.push(w * enorm);
        last = k;
      }
    }
    start[m] = Math.max(first, 0);
    length[m] = first < 0 ? 0 : last - first + 1;
  }
  return { nMels: o.nMels, bins, start, length, offset, weights: Float64Array.from(all), edges };
}

/** Dense filter bank [nMels, 1 + nFft/2] as float32, like librosa's `filters.mel` output. */
export function melFilterBank(opts: MelOptions = {}): Matrix {
  const s = sparseMelFilterBank(opts);
  const data = new Float32Array(s.nMels * s.bins);
  for (let m = 0; m < s.nMels; m++) {
    for (let j = 0; j < s.length[m]; j++) data[m * s.bins + s.start[m] + j] = s.weights[s.offset[m] + j];
  }
  return { data, shape: [s.nMels, s.bins] };
}

/** Applies sparse filters to one power spectrum (bins) into `out` (nMels). */
export function applyMel(bank: SparseMel, power: Float64Array, out: Float64Array): void {
  const { start, length, offset, weights } = bank;
  for (let m = 0; m < bank.nMels; m++) {
    let acc = 0;
    const s = start[m];
    const o = offset[m];
    for (let j = 0, n = length[m]; j < n; j++) acc += weights[o + j] * power[s + j];
    out[m] = acc;
  }
}

/**
 * The sparse bank regrouped by FFT bin for the MFCC hot loop. Between two consecutive band edges a bin feeds only
 * the upper slope of filter j − 1 and the lower slope of filter j, so one pass over the bins with two running sums
 * yields every filter: two independent add chains instead of one (the loop is latency-bound), and each filter is
 * still summed from 0 in ascending bin order, so the result is bit-identical to `applyMel`.
 * Segment j (0 … nMels) spans bins [segStart[j], segStart[j + 1]); there `up[k]` weighs filter j − 1, `low[k]` filter j.
 */
export interface MelSegments {
  nMels: number;
  segStart: Int32Array;
  up: Float64Array;
  low: Float64Array;
}

export function melSegments(bank: SparseMel): MelSegments {
  const { nMels, bins, start, length, offset, weights } = bank;
  const dense = new Float64Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    for (let j = 0; j < length[m]; j++) dense[m * bins + start[m] + j] = weights[offset[m] + j];
  }
  const up = new Float64Array(bins);
  const low = new Float64Array(bins);
  const segOf = new Int32Array(bins);
  let cur = 0;
  for (let k = 0; k < bins; k++) {
    let lo = -1;
    let hi = -1;
    for (let m = 0; m < nMels; m++) {
      if (dense[m * bins + k] !== 0) {
        if (lo < 0) lo = m;
        hi = m;
      }
    }
    if (lo >= 0) {
      // the segment must hold every filter of this bin (j − 1 ≤ lo, hi ≤ j) and never go back
      const j = Math.max(cur, hi);
      if (j > lo + 1) throw new RangeError(`mel filters ${lo}…${hi} overlap at FFT bin ${k}: not a triangular bank`);
      cur = j;
      for (let m = lo; m <= hi; m++) {
        if (m === j) low[k] = dense[m * bins + k];
        else up[k] = dense[m * bins + k];
      }
    }
    segOf[k] = cur;
  }
  const segStart = new Int32Array(nMels + 2);
  for (let j = 0, k = 0; j <= nMels + 1; j++) {
    while (k < bins && segOf[k] < j) k++;
    segStart[j] = k;
  }
  segStart[nMels + 1] = bins;
  return { nMels, segStart, up, low };
}

/** Same result as `applyMel(bank, power, out)` for `s = melSegments(bank)`, about twice as fast. */
export function applyMelSegments(s: MelSegments, power: Float64Array, out: Float64Array): void {
  const { segStart, up, low, nMels } = s;
  let a = 0; // running sum of filter j − 1
  for (let j = 0; j <= nMels; j++) {
    let b = 0; // running sum of filter j
    for (let k = segStart[j], end = segStart[j + 1]; k < end; k++) {
      const p = power[k];
      a += up[k] * p;
      b += low[k] * p;
    }
    if (j > 0) out[j - 1] = a;
    a = b;
  }
}

export type MelSpectrogramOptions = MelOptions & Omit<StftOptions, 'nFft'> & { power?: number };

/** librosa `feature.melspectrogram` (power 2 by default): shape [nMels, frames]. */
export function melSpectrogram(y: Float32Array, opts: MelSpectrogramOptions = {}): Matrix {
  const { sr, nMels, fmin, fmax, htk, norm, power = 2, ...stftOpts } = opts;
  const nFft = opts.nFft ?? 2048;
  const spec = spectrogram(y, { ...stftOpts, nFft, power });
  const bank = sparseMelFilterBank({ sr, nFft, nMels, fmin, fmax, htk, norm });
  const frames = spec.shape[1];
  const data = new Float32Array(bank.nMels * frames);
  const col = new Float64Array(bank.bins);
  const mel = new Float64Array(bank.nMels);
  for (let t = 0; t < frames; t++) {
    for (let k = 0; k < bank.bins; k++) col[k] = spec.data[k * frames + t];
    applyMel(bank, col, mel);
    for (let m = 0; m < bank.nMels; m++) data[m * frames + t] = mel[m];
  }
  return { data, shape: [bank.nMels, frames] };
}
