import { z } from 'zod';
import type { Matrix } from './matrix';
import { createMelDbFrames } from './mel-db-frames';

/**
 * Log-mel parameters: librosa `power_to_db(melspectrogram(y, sr, n_fft, hop_length, n_mels))` with librosa 0.10's
 * defaults (periodic Hann, centred frames, Slaney mel, power 2, ref 1, amin 1e-10, top_db 80). nMels defaults to 64,
 * the usual size for a CNN's input (librosa's own default is 128). Unknown keys are refused.
 */
export const logMelOptionsSchema = z
  .object({
    sr: z.number().positive().default(22050),
    nFft: z.number().int().min(4).default(2048),
    hopLength: z.number().int().positive().default(512),
    nMels: z.number().int().positive().default(64),
    fmin: z.number().min(0).default(0),
    fmax: z.number().positive().optional(),
    htk: z.boolean().default(false),
    topDb: z.number().min(0).nullable().default(80),
  })
  .strict();
export type LogMelOptions = z.input<typeof logMelOptionsSchema>;

/** y → log-mel [nMels, frames] (librosa orientation). */
export type LogMelExtractor = (y: Float32Array) => Matrix;

/** Precomputes FFT tables and mel filters once and reuses its work buffers on every call. */
export function createLogMelExtractor(opts: LogMelOptions = {}): LogMelExtractor {
  const o = logMelOptionsSchema.parse(opts);
  const melDbFrames = createMelDbFrames(o);
  const { nMels, topDb } = o;
  return (y) => {
    const { db, top, frames } = melDbFrames(y);
    const floor = topDb === null ? Number.NEGATIVE_INFINITY : top - topDb;
    const out = new Float32Array(nMels * frames);
    for (let t = 0; t < frames; t++)
      for (let m = 0, base = t * nMels; m < nMels; m++) out[m * frames + t] = Math.max(db[base + m], floor);
    return { data: out, shape: [nMels, frames] };
  };
}

/** librosa `power_to_db(melspectrogram(y=y, sr=sr, …))`: shape [nMels, frames]. */
export function logMel(y: Float32Array, opts: LogMelOptions = {}): Matrix {
  return createLogMelExtractor(opts)(y);
}
