import { addNoise, applyGain, mulberry32, pitchShift, timeStretch } from '@audio-dl/dsp';
import { z } from 'zod';

/** §11.4's waveform augmentations, applied in this order. */
export const waveformAugmentKinds = ['stretch', 'pitch', 'gain', 'noise'] as const;
export type WaveformAugmentKind = (typeof waveformAugmentKinds)[number];

/**
 * Augmented copies of every track: `copies` per track, each with its own draw of every kind in `kinds` from the
 * ranges below, seeded by (seed, track path, copy) so the result does not depend on worker count or order.
 */
export const waveformAugmentSchema = z
  .object({
    kinds: z.array(z.enum(waveformAugmentKinds)).min(1),
    copies: z.number().int().positive().default(1),
    seed: z.number().int().default(1),
  })
  .strict();
export type WaveformAugment = z.infer<typeof waveformAugmentSchema>;
export type WaveformAugmentInput = z.input<typeof waveformAugmentSchema>;

/** The ranges each kind draws from, uniformly (recorded in the output's metadata). */
export const WAVEFORM_AUGMENT_RANGES = {
  /** Time-stretch rate 2^u, u ∈ [−0.2, 0.2]: about 0.87–1.15 (librosa.effects.time_stretch). */
  stretch: [-0.2, 0.2],
  /** Pitch shift in semitones (librosa.effects.pitch_shift). */
  pitch: [-2, 2],
  /** Gain in dB. */
  gain: [-6, 6],
  /** Gaussian noise at this signal-to-noise ratio in dB. */
  noise: [15, 30],
} as const satisfies Record<WaveformAugmentKind, readonly [number, number]>;

/** FNV-1a of a string: a seed per track that does not depend on the order tracks are processed in. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** What one augmented copy drew, for the record. */
export type AugmentDraw = Partial<Record<WaveformAugmentKind, number>>;

/**
 * Copy `copy` (from 1) of `signal`: each kind of `opts` with a value drawn for (seed, track, copy). Time stretching
 * changes the length (a faster copy may lose its last segment).
 */
export async function augmentWaveform(
  signal: Float32Array,
  sr: number,
  track: string,
  copy: number,
  opts: WaveformAugment,
): Promise<{ signal: Float32Array; draw: AugmentDraw }> {
  const rand = mulberry32(hash(`${opts.seed}/${track}/${copy}`));
  const draw: AugmentDraw = {};
  for (const kind of waveformAugmentKinds) {
    const [lo, hi] = WAVEFORM_AUGMENT_RANGES[kind];
    const value = lo + (hi - lo) * rand();
    if (opts.kinds.includes(kind)) draw[kind] = value;
  }
  let y = signal;
  if (draw.stretch !== undefined) y = timeStretch(y, 2 ** draw.stretch);
  if (draw.pitch !== undefined) y = await pitchShift(y, sr, draw.pitch, { quality: 'sinc_medium' });
  if (draw.gain !== undefined) y = applyGain(y, draw.gain);
  if (draw.noise !== undefined) y = addNoise(y, draw.noise, rand);
  return { signal: y, draw };
}
