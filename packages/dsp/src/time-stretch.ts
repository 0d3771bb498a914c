import { z } from 'zod';
import { istft } from './istft';
import { phaseVocoder } from './phase-vocoder';
import { stft } from './stft';

export const timeStretchOptionsSchema = z.strictObject({
  nFft: z.number().int().min(4).default(2048),
  /** Default nFft/4. */
  hopLength: z.number().int().positive().optional(),
});
export type TimeStretchOptions = z.input<typeof timeStretchOptionsSchema>;

/**
 * librosa.effects.time_stretch: STFT (periodic Hann, centred, zero padding), phase vocoder at `rate`, inverse STFT
 * to round(len / rate) samples. rate > 1 speeds up (shorter), < 1 slows down; the pitch is kept.
 */
export function timeStretch(y: Float32Array, rate: number, opts: TimeStretchOptions = {}): Float32Array {
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new RangeError(`timeStretch: rate must be a positive number, got ${rate}`);
  const { nFft, hopLength } = timeStretchOptionsSchema.parse(opts);
  const D = stft(y, { nFft, hopLength });
  const stretched = phaseVocoder(D, { rate, hopLength, nFft });
  // Python's round() is half to even; lengths here are ≥ 0, so only exact .5 ties need care.
  const exact = y.length / rate;
  let length = Math.round(exact);
  if (length - exact === 0.5 && length % 2 !== 0) length -= 1;
  return istft(stretched, { nFft, hopLength, length });
}
