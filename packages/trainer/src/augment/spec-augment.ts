import type { SpecAugmentOptions } from './options';

/** Zeroes `count` bands of random width ≤ maxWidth at random places along one axis of a [frames, bands] sample. */
function mask(
  sample: Float32Array,
  frames: number,
  bands: number,
  axis: 'time' | 'freq',
  count: number,
  maxWidth: number,
  rand: () => number,
): void {
  const size = axis === 'time' ? frames : bands;
  for (let m = 0; m < count; m++) {
    const width = Math.floor(rand() * (maxWidth + 1));
    if (width === 0 || width >= size) continue;
    const start = Math.floor(rand() * (size - width + 1));
    if (axis === 'time') sample.fill(0, start * bands, (start + width) * bands);
    else for (let t = 0; t < frames; t++) sample.fill(0, t * bands + start, t * bands + start + width);
  }
}

/**
 * SpecAugment's frequency and time masks on every sample of a batch [n, frames, bands] in place. Masked values
 * become 0, the training mean once features are standardised. Widths are drawn up to a fraction of the axis.
 */
export function specAugment(
  batch: Float32Array,
  frames: number,
  bands: number,
  opts: SpecAugmentOptions,
  rand: () => number,
): void {
  const size = frames * bands;
  const freqMax = Math.floor(opts.freqWidth * bands);
  const timeMax = Math.floor(opts.timeWidth * frames);
  for (let at = 0; at < batch.length; at += size) {
    const sample = batch.subarray(at, at + size);
    mask(sample, frames, bands, 'freq', opts.freqMasks, freqMax, rand);
    mask(sample, frames, bands, 'time', opts.timeMasks, timeMax, rand);
  }
}
