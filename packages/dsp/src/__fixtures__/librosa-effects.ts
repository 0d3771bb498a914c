// Test-only access to librosa-effects/ beside this file (copied from ../shared/fixtures/librosa-effects by
// copy-librosa-fixtures.ts): librosa 0.10.2's time_stretch and pitch_shift outputs (raw float32 little-endian) for
// music.wav and sine440.wav, listed in effects.json (validated here).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { powerToDb } from '../db';
import { melSpectrogram } from '../mel';
import { fixturePath } from './librosa';

export const EFFECTS_FIXTURES = resolve(__dirname, 'librosa-effects');

const effectCase = z.object({
  input: z.string(),
  kind: z.enum(['time_stretch', 'pitch_shift']),
  arg: z.number(),
  file: z.string(),
  length: z.number().int().positive(),
  input_length: z.number().int().positive(),
  rms: z.number().positive(),
});
export type EffectCase = z.infer<typeof effectCase>;

const effectsSchema = z.object({ librosa_version: z.string(), cases: z.array(effectCase).min(1) });

/** effects.json, validated. */
export function effectCases(dir: string = EFFECTS_FIXTURES): EffectCase[] {
  const file = fixturePath('effects.json', dir);
  const parsed = effectsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`librosa fixture ${file} is not as expected:\n${z.prettifyError(parsed.error)}`);
  return parsed.data.cases;
}

/** A case's librosa output; its size must agree with effects.json. */
export function effectOutput(c: EffectCase, dir: string = EFFECTS_FIXTURES): Float32Array {
  const file = fixturePath(c.file, dir);
  const bytes = readFileSync(file);
  if (bytes.length !== 4 * c.length)
    throw new Error(`${file}: ${bytes.length} bytes, effects.json says ${c.length} samples`);
  const out = new Float32Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = bytes.readFloatLE(4 * i);
  return out;
}

/** Path of a case's input WAV (relative to the effects fixtures in effects.json). */
export function effectInputPath(c: EffectCase, dir: string = EFFECTS_FIXTURES): string {
  return fixturePath(c.input, dir);
}

/** Largest |a − b| over equal-length signals. */
export function maxAbs(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** How far a signal is from librosa's: sample errors, SNR, and log-mel (64 bands, dB, 80 dB floor) errors. */
export interface Parity {
  maxAbs: number;
  /** Max |Δ| away from the first and last 2048 samples (the resamplers' edge transients). */
  interiorMaxAbs: number;
  /** 10·log10(Σ ref² / Σ Δ²). */
  snrDb: number;
  logMelMaxDb: number;
  /** Max over bands 0–59 (up to 8.5 kHz at 22 050 Hz), below the resamplers' transition bands. */
  logMelMaxDbBelow8k5: number;
  logMelMeanDb: number;
}

export function parity(ours: Float32Array, ref: Float32Array, sr = 22050): Parity {
  const maxAbsAll = maxAbs(ours, ref);
  const interior = ref.length > 4096 ? maxAbs(ours.subarray(2048, -2048), ref.subarray(2048, -2048)) : maxAbsAll;
  let se = 0;
  let sr2 = 0;
  for (let i = 0; i < ref.length; i++) {
    se += (ours[i] - ref[i]) ** 2;
    sr2 += ref[i] ** 2;
  }
  const a = powerToDb(melSpectrogram(ours, { sr, nMels: 64 })).data;
  const b = powerToDb(melSpectrogram(ref, { sr, nMels: 64 })).data;
  const frames = a.length / 64;
  let mx = 0;
  let low = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    mx = Math.max(mx, d);
    if (i < 60 * frames) low = Math.max(low, d);
    sum += d;
  }
  return {
    maxAbs: maxAbsAll,
    interiorMaxAbs: interior,
    snrDb: se === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10(sr2 / se),
    logMelMaxDb: mx,
    logMelMaxDbBelow8k5: low,
    logMelMeanDb: sum / a.length,
  };
}
