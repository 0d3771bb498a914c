import * as tf from '@tensorflow/tfjs';
import type { SampleSource } from './batch-source';
import { computeMetrics, type Metrics } from './metrics';

/**
 * Class probabilities [m, k] of samples `indices` (all when null) of features [n, ...sample],
 * reshaped to the model's `inputShape`; predicted in chunks so memory stays flat.
 */
export function predictSamples(
  model: tf.LayersModel,
  features: Float32Array,
  sampleSize: number,
  inputShape: readonly number[],
  indices: Int32Array | null,
): Float32Array {
  const m = indices ? indices.length : features.length / sampleSize;
  const chunk = 256;
  const parts: Float32Array[] = [];
  for (let start = 0; start < m; start += chunk) {
    const count = Math.min(chunk, m - start);
    const batch = new Float32Array(count * sampleSize);
    for (let i = 0; i < count; i++) {
      const row = indices ? indices[start + i] : start + i;
      batch.set(features.subarray(row * sampleSize, (row + 1) * sampleSize), i * sampleSize);
    }
    parts.push(
      tf.tidy(() => (model.predict(tf.tensor(batch, [count, ...inputShape])) as tf.Tensor).dataSync() as Float32Array),
    );
  }
  const k = parts.length > 0 ? parts[0].length / Math.min(chunk, m) : 0;
  const out = new Float32Array(m * k);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Metrics of `model` on the test rows of `source`, predicted a block at a time. */
export async function scoreSource(
  model: tf.LayersModel,
  source: SampleSource,
  shape: { frames: number; bands: number; inputShape: readonly number[] },
  mapping: string[],
): Promise<Metrics> {
  const probs: Float32Array[] = [];
  const labels: number[] = [];
  const tracks: string[] = [];
  for await (const block of source.held('test')) {
    probs.push(predictSamples(model, block.features, shape.frames * shape.bands, shape.inputShape, block.rows));
    for (const r of block.rows) {
      labels.push(block.labels[r]);
      tracks.push(block.tracks[r]);
    }
  }
  const all = new Float32Array(probs.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of probs) {
    all.set(p, at);
    at += p.length;
  }
  return computeMetrics(all, labels, tracks, mapping);
}
