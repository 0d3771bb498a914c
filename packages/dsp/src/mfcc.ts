import { z } from 'zod';
import { dctMatrix } from './dct';
import type { Matrix } from './matrix';
import { createMelDbFrames } from './mel-db-frames';

/**
 * MFCC parameters. nMfcc defaults to 13 (the course's and GTZAN code's choice); librosa's own default is 20.
 * Everything else is librosa 0.10's default: periodic Hann, centred zero-padded frames, Slaney mel, power 2,
 * power_to_db(ref 1, amin 1e-10, top_db 80), DCT-II ortho, no lifter. `norm: null` is scipy's unnormalised
 * DCT-II (librosa `norm=None`); DCT types 1 and 3 are not implemented and are refused, as is any unknown key
 * (a misspelt option must not be dropped silently).
 */
export const mfccOptionsSchema = z
  .object({
    sr: z.number().positive().default(22050),
    nMfcc: z.number().int().positive().default(13),
    nFft: z.number().int().min(4).default(2048),
    hopLength: z.number().int().positive().default(512),
    nMels: z.number().int().positive().default(128),
    fmin: z.number().min(0).default(0),
    fmax: z.number().positive().optional(),
    htk: z.boolean().default(false),
    topDb: z.number().min(0).nullable().default(80),
    dctType: z.literal(2, "only DCT type 2 is implemented (librosa's and the course's default)").default(2),
    norm: z.literal('ortho', "norm must be 'ortho' or null").nullable().default('ortho'),
  })
  .strict();
export type MfccOptions = z.input<typeof mfccOptionsSchema>;

export type MfccExtractor = (y: Float32Array) => Matrix;

/**
 * DCT-II (the basis `dct` gives: ortho or unnormalised) of every frame's dB values raised to at least `floor`, into out[k][t]. The basis rows are
 * symmetric (even k) or antisymmetric (odd k) about the middle, so each frame is folded once into sums and
 * differences (halving the multiplications). Each dot product runs as two interleaved partial sums: the loop is
 * bound by the latency of the adds, not by their number.
 */
function dctFrames(
  db: Float64Array,
  lowest: Float64Array,
  floor: number,
  frames: number,
  nMels: number,
  dct: Float64Array,
  nMfcc: number,
  sum: Float64Array,
  diff: Float64Array,
  out: Float32Array,
): void {
  const half = nMels >> 1;
  const odd = (nMels & 1) === 1;
  const even = half & ~1;
  for (let t = 0; t < frames; t++) {
    const base = t * nMels;
    if (lowest[t] < floor) {
      for (let i = 0; i < half; i++) {
        const a = Math.max(db[base + i], floor);
        const b = Math.max(db[base + nMels - 1 - i], floor);
        sum[i] = a + b;
        diff[i] = a - b;
      }
    } else {
      for (let i = 0; i < half; i++) {
        const a = db[base + i];
        const b = db[base + nMels - 1 - i];
        sum[i] = a + b;
        diff[i] = a - b;
      }
    }
    const mid = odd ? Math.max(db[base + half], floor) : 0;
    for (let k = 0; k < nMfcc; k++) {
      const row = k * nMels;
      const v = k & 1 ? diff : sum;
      let a0 = k & 1 ? 0 : mid * dct[row + half];
      let a1 = 0;
      for (let i = 0; i < even; i += 2) {
        a0 += dct[row + i] * v[i];
        a1 += dct[row + i + 1] * v[i + 1];
      }
      if (even < half) a0 += dct[row + even] * v[even];
      out[k * frames + t] = a0 + a1;
    }
  }
}

/**
 * Precomputes FFT tables, mel filters and the folded DCT basis once; the returned function reuses its work
 * buffers (the mel-dB frames of `createMelDbFrames`), so the frame loop allocates nothing.
 * Output: shape [nMfcc, frames] (librosa orientation), a fresh array per call.
 */
export function createMfccExtractor(opts: MfccOptions = {}): MfccExtractor {
  const o = mfccOptionsSchema.parse(opts);
  if (o.nMfcc > o.nMels) throw new RangeError(`nMfcc ${o.nMfcc} exceeds nMels ${o.nMels}`);
  const melDbFrames = createMelDbFrames(o);
  const { nMels, nMfcc, topDb } = o;
  const dct = dctMatrix(nMfcc, nMels, o.norm);
  const sum = new Float64Array(nMels >> 1);
  const diff = new Float64Array(nMels >> 1);
  return (y: Float32Array): Matrix => {
    const { db, lowest, top, frames } = melDbFrames(y);
    // top_db is relative to the maximum of the whole clip, so the floor is known only after the last frame:
    // all dB values are kept and every frame is transformed once, clamping only frames that reach below it.
    const floor = topDb === null ? Number.NEGATIVE_INFINITY : top - topDb;
    const out = new Float32Array(nMfcc * frames);
    dctFrames(db, lowest, floor, frames, nMels, dct, nMfcc, sum, diff, out);
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
