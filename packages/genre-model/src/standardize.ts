import { z } from 'zod';

/** Per-coefficient mean and standard deviation of the training features. */
export const standardizationSchema = z.object({ mean: z.array(z.number()), std: z.array(z.number()) });
export type Standardization = z.infer<typeof standardizationSchema>;

/** Fits per-coefficient statistics over every frame of the samples in `indices` of features [n, frames, nMfcc]. */
export function fitStandardization(
  features: Float32Array,
  shape: readonly [number, number, number],
  indices: Int32Array,
): Standardization {
  const [, frames, nMfcc] = shape;
  const sum = new Float64Array(nMfcc);
  const sumSq = new Float64Array(nMfcc);
  for (const i of indices) {
    const base = i * frames * nMfcc;
    for (let f = 0; f < frames; f++)
      for (let c = 0; c < nMfcc; c++) {
        const v = features[base + f * nMfcc + c];
        sum[c] += v;
        sumSq[c] += v * v;
      }
  }
  const count = Math.max(1, indices.length * frames);
  const mean = Array.from(sum, (s) => s / count);
  // A constant coefficient keeps std 1 so standardising never divides by zero.
  const std = Array.from(sumSq, (s, c) => Math.sqrt(Math.max(0, s / count - mean[c] ** 2)) || 1);
  return { mean, std };
}

/** A standardised copy of `features` (last axis = coefficient). */
export function applyStandardization(features: Float32Array, stats: Standardization): Float32Array {
  const nMfcc = stats.mean.length;
  const out = new Float32Array(features.length);
  for (let i = 0; i < features.length; i++) {
    const c = i % nMfcc;
    out[i] = (features[i] - stats.mean[c]) / stats.std[c];
  }
  return out;
}
