import { z } from 'zod';
import { resample } from './resample';
import { timeStretch } from './time-stretch';

export const pitchShiftOptionsSchema = z.strictObject({
  binsPerOctave: z.number().int().positive().default(12),
  nFft: z.number().int().min(4).default(2048),
  /** Default nFft/4. */
  hopLength: z.number().int().positive().optional(),
  /** libsamplerate converter; librosa's soxr_hq has no WebAssembly build here (see the README's parity table). */
  quality: z.enum(['sinc_best', 'sinc_medium', 'sinc_fastest']).default('sinc_best'),
});
export type PitchShiftOptions = z.input<typeof pitchShiftOptionsSchema>;

/** Zeros appended before resampling (see below); the result is cut to the input's length anyway. */
const TAIL_PAD = 64;

/** Largest sample rate the libsamplerate build accepts; it also truncates rates to integers. */
const MAX_RATE = 192_000;

/**
 * Integer rates [srIn, srOut], both ≤ 192 000, whose ratio best approximates srIn / srOut: only the ratio matters
 * to the resampler, and the continued-fraction convergents (and semiconvergents) of the ratio are the best
 * approximations with bounded terms (error ≈ 1e-10 relative for pitch shifts, far below a sample over any clip).
 */
export function integerRates(srIn: number, srOut: number): [number, number] {
  const x = srIn / srOut;
  let [h1, h2, k1, k2] = [1, 0, 0, 1]; // convergents h/k: current and previous
  let v = x;
  for (let iter = 0; iter < 64; iter++) {
    const a = Math.floor(v);
    const h = a * h1 + h2;
    const k = a * k1 + k2;
    if (h > MAX_RATE || k > MAX_RATE) {
      // the largest semiconvergent that fits, if it beats the last convergent
      const t = Math.min(Math.floor((MAX_RATE - h2) / h1), k1 > 0 ? Math.floor((MAX_RATE - k2) / k1) : a);
      if (t > 0) {
        const hs = t * h1 + h2;
        const ks = t * k1 + k2;
        if (Math.abs(hs / ks - x) < Math.abs(h1 / k1 - x)) return [hs, ks];
      }
      break;
    }
    [h2, h1, k2, k1] = [h1, h, k1, k];
    const frac = v - a;
    if (frac < 1e-12) break;
    v = 1 / frac;
  }
  return [h1, k1];
}

/**
 * librosa.effects.pitch_shift: time stretch by rate = 2^(−nSteps / binsPerOctave), resample from sr / rate to sr,
 * then trim or zero-pad to the input's length. Duration is kept; the pitch moves by nSteps bins.
 */
export async function pitchShift(
  y: Float32Array,
  sr: number,
  nSteps: number,
  opts: PitchShiftOptions = {},
): Promise<Float32Array> {
  if (!(sr > 0) || !Number.isFinite(sr)) throw new RangeError(`pitchShift: sr must be a positive number, got ${sr}`);
  if (!Number.isFinite(nSteps)) throw new RangeError(`pitchShift: nSteps must be a finite number, got ${nSteps}`);
  const o = pitchShiftOptionsSchema.parse(opts);
  const rate = 2 ** (-nSteps / o.binsPerOctave);
  const stretched = timeStretch(y, rate, { nFft: o.nFft, hopLength: o.hopLength });
  const [srIn, srOut] = integerRates(sr / rate, sr);
  let shifted = stretched;
  if (srIn !== srOut) {
    // libsamplerate stops a sample or two short of soxr's flushed tail: resample a little zero padding too.
    const padded = new Float32Array(stretched.length + TAIL_PAD);
    padded.set(stretched);
    shifted = await resample(padded, srIn, srOut, 1, o.quality);
  }
  if (shifted.length === y.length) return shifted;
  const out = new Float32Array(y.length);
  out.set(shifted.length > y.length ? shifted.subarray(0, y.length) : shifted);
  return out;
}
