import type { SampleSource } from '@audio-dl/trainer';
import type * as tf from '@tensorflow/tfjs';
import { computeMetrics, type Metrics } from './metrics';
import { predictSamples } from './predict-samples';

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
