// The waveform and the feature image of what the model heard, drawn on canvases.

import type { FeatureParams } from '@audio-dl/dataset/portable';
import { colormap, createLogMelExtractor, createMfccExtractor, type Matrix } from '@audio-dl/dsp';

const INK = '#1f77b4';

/** Min/max of the samples under each pixel column, as an envelope. */
export function drawWaveform(canvas: HTMLCanvasElement, signal: Float32Array): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = INK;
  const per = signal.length / width;
  for (let x = 0; x < width; x++) {
    let lo = 0;
    let hi = 0;
    const end = Math.min(signal.length, Math.ceil((x + 1) * per));
    for (let i = Math.floor(x * per); i < end; i++) {
      if (signal[i] < lo) lo = signal[i];
      if (signal[i] > hi) hi = signal[i];
    }
    const top = ((1 - Math.min(1, hi)) * height) / 2;
    const bottom = ((1 - Math.max(-1, lo)) * height) / 2;
    ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
}

/** The model's features (MFCC or log-mel, [bands, frames]) of the whole signal. */
export function featuresOf(signal: Float32Array, p: FeatureParams): Matrix {
  const { sr, nFft, hopLength, nMels } = p;
  return p.features === 'logmel'
    ? createLogMelExtractor({ sr, nFft, hopLength, nMels })(signal)
    : createMfccExtractor({ sr, nMfcc: p.nMfcc, nFft, hopLength, nMels })(signal);
}

/** A [bands, frames] matrix as an image: frames across, band 0 at the bottom, viridis from min to max. */
export function drawHeatmap(canvas: HTMLCanvasElement, m: Matrix): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const [bands, frames] = m.shape;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of m.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const lut = colormap('viridis');
  const image = ctx.createImageData(frames, bands);
  for (let b = 0; b < bands; b++) {
    for (let f = 0; f < frames; f++) {
      const v = m.data[b * frames + f];
      const k = 3 * Math.round((255 * (v - lo)) / (hi - lo || 1));
      const at = 4 * ((bands - 1 - b) * frames + f);
      image.data[at] = lut[k];
      image.data[at + 1] = lut[k + 1];
      image.data[at + 2] = lut[k + 2];
      image.data[at + 3] = 255;
    }
  }
  // Drawn at its own size, then scaled to the canvas without smoothing.
  const source = document.createElement('canvas');
  source.width = frames;
  source.height = bands;
  source.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
}
