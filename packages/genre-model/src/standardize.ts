import { z } from 'zod';

/** Per-coefficient mean and standard deviation of the training features. */
export const standardizationSchema = z.object({ mean: z.array(z.number()), std: z.array(z.number()) });
export type Standardization = z.infer<typeof standardizationSchema>;

/**
 * Per-band count, mean and sum of squared deviations, in float64, built a block of rows at a time: each block's
 * moments come from two passes over it (mean first, then deviations), and blocks merge as Chan et al. merge them,
 * so the result does not depend on how the rows were cut into blocks beyond float rounding, and never suffers the
 * cancellation of sum-of-squares minus squared mean.
 */
export class BandMoments {
  count = 0;
  readonly mean: Float64Array;
  readonly m2: Float64Array;

  constructor(
    readonly frames: number,
    readonly bands: number,
  ) {
    this.mean = new Float64Array(bands);
    this.m2 = new Float64Array(bands);
  }

  /** Adds the rows at `positions` of features [*, frames, bands]. */
  add(features: Float32Array, positions: ArrayLike<number>): void {
    const { frames, bands } = this;
    const n = positions.length * frames;
    if (n === 0) return;
    const size = frames * bands;
    const mean = new Float64Array(bands);
    for (let r = 0; r < positions.length; r++) {
      const base = positions[r] * size;
      for (let i = 0; i < size; i++) mean[i % bands] += features[base + i];
    }
    for (let c = 0; c < bands; c++) mean[c] /= n;
    const m2 = new Float64Array(bands);
    for (let r = 0; r < positions.length; r++) {
      const base = positions[r] * size;
      for (let i = 0; i < size; i++) {
        const d = features[base + i] - mean[i % bands];
        m2[i % bands] += d * d;
      }
    }
    const total = this.count + n;
    for (let c = 0; c < bands; c++) {
      const delta = mean[c] - this.mean[c];
      this.mean[c] += (delta * n) / total;
      this.m2[c] += m2[c] + (delta * delta * this.count * n) / total;
    }
    this.count = total;
  }

  /** Population statistics; a constant coefficient keeps std 1 so standardising never divides by zero. */
  result(): Standardization {
    const count = Math.max(1, this.count);
    return { mean: Array.from(this.mean), std: Array.from(this.m2, (m) => Math.sqrt(m / count) || 1) };
  }
}

/** Fits per-coefficient statistics over every frame of the samples in `indices` of features [n, frames, nMfcc]. */
export function fitStandardization(
  features: Float32Array,
  shape: readonly [number, number, number],
  indices: Int32Array,
): Standardization {
  const moments = new BandMoments(shape[1], shape[2]);
  moments.add(features, indices);
  return moments.result();
}

/** A standardised copy of `features` (last axis = coefficient). */
export function applyStandardization(features: Float32Array, stats: Standardization): Float32Array {
  return standardizeInPlace(new Float32Array(features), stats);
}

/** Standardises `features` in place (last axis = coefficient), as `applyStandardization` does a copy. */
export function standardizeInPlace(features: Float32Array, stats: Standardization): Float32Array {
  const nMfcc = stats.mean.length;
  for (let i = 0; i < features.length; i++) {
    const c = i % nMfcc;
    features[i] = (features[i] - stats.mean[c]) / stats.std[c];
  }
  return features;
}
