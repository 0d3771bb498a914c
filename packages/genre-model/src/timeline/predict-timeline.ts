// Prediction over a whole recording, window by window, from a stream of samples: memory holds a window and a batch,
// whatever the recording's length. Portable: the CLI feeds it a file, the server a request's body, the page a
// dropped file or the microphone.
import { centred, type FeatureParams, minClipSeconds, segmentLayout, trackFeatures } from '@audio-dl/dataset/portable';
import { type ByteSource, monoSignalStream, slidingWindows } from '@audio-dl/dsp';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from '../meta';
import { predictSamples } from '../predict-samples';
import { applyStandardization } from '../standardize';
import type { FilePrediction, GenreScore } from './formats';
import { argmaxRow, type TimelineWindow, type WindowResult } from './formats';
import type { TimelineOptions } from './options';
import { smoothProbabilities } from './smooth';

/** Windows featurised and predicted together. */
const BATCH = 32;

/** A prediction over windows: the file's answer, and each window's (smoothed) probabilities for the timeline. */
export interface WindowedPrediction {
  prediction: FilePrediction & { ok: true };
  /** Every window, all classes (smoothed when asked), for the CSV and the label track. */
  windows: WindowResult[];
}

/** Where windows fall: their length and hop in samples, and the part of the file (seconds at its rate) decoded. */
export interface WindowPlan {
  size: number;
  hop: number;
  span: { offset: number; duration: number | null };
}

/** The windows `opts` ask for, with the model's segment length; `--first` cuts as the training data was cut. */
export function windowPlan(params: FeatureParams, opts: TimelineOptions): WindowPlan {
  const size = segmentLayout(params).samplesPerSegment;
  if (opts.first !== undefined) return { size, hop: size, span: { offset: params.offset, duration: opts.first } };
  const hop = opts.hop === undefined ? Math.max(1, Math.floor(size / 2)) : Math.round(opts.hop * params.sr);
  if (hop < 1) throw new RangeError(`hop ${opts.hop} s is shorter than one sample at ${params.sr} Hz`);
  const span = opts.span ?? { start: 0, end: null };
  return { size, hop, span: { offset: span.start, duration: span.end === null ? null : span.end - span.start } };
}

/** Features of one window of exactly a segment's samples, as `preprocess` computes a training segment's. */
function windowFeatures(samples: Float32Array, params: FeatureParams): Float32Array | null {
  // The window is the track's first segment; the segments after it are empty and left out.
  const { features, kept } = trackFeatures(samples, params);
  return kept.length === 1 ? features : null;
}

/** Passes `pieces` through, keeping a copy of their first `size` samples (at most one window's memory). */
function keepHead(pieces: AsyncIterable<Float32Array>, size: number) {
  const kept: Float32Array[] = [];
  let length = 0;
  async function* pass(): AsyncGenerator<Float32Array> {
    for await (const piece of pieces) {
      if (length < size) {
        const part = piece.slice(0, size - length);
        kept.push(part);
        length += part.length;
      }
      yield piece;
    }
  }
  const samples = (): Float32Array => {
    const out = new Float32Array(length);
    let at = 0;
    for (const part of kept) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };
  return { pieces: pass(), samples };
}

/** One predicted window: its first sample (counted from the span's start) and every class's probability. */
export interface StreamedWindow {
  start: number;
  probabilities: Float32Array;
}

/**
 * Each full window of `pieces` (mono at the model's rate) predicted, in order, `batch` windows at a time: with 1,
 * each as soon as its last sample is in (the page's Listen mode). `counted.samples` ends up as the signal's length.
 */
export async function* streamWindows(
  model: tf.LayersModel,
  meta: ModelMeta,
  params: FeatureParams,
  pieces: AsyncIterable<Float32Array>,
  plan: WindowPlan,
  batch = BATCH,
  counted: { samples: number } = { samples: 0 },
): AsyncGenerator<StreamedWindow> {
  const k = meta.mapping.length;
  const sampleSize = meta.sampleShape.reduce((a, b) => a * b, 1);
  let pending: Float32Array[] = [];
  let starts: number[] = [];
  function* flush(): Generator<StreamedWindow> {
    if (pending.length === 0) return;
    const features = new Float32Array(pending.length * sampleSize);
    pending.forEach((f, i) => {
      features.set(f, i * sampleSize);
    });
    const input = meta.standardization ? applyStandardization(features, meta.standardization) : features;
    const probs = predictSamples(model, input, sampleSize, meta.inputShape, null);
    const done = starts;
    pending = [];
    starts = [];
    for (const [i, start] of done.entries()) yield { start, probabilities: probs.slice(i * k, (i + 1) * k) };
  }
  for await (const w of slidingWindows(pieces, plan.size, plan.hop, counted)) {
    const f = windowFeatures(w.samples, params);
    if (!f) continue;
    pending.push(f);
    starts.push(w.start);
    if (pending.length >= batch) yield* flush();
  }
  yield* flush();
}

/**
 * Predicts `pieces` (mono at the model's rate, from `plan.span.offset` on) window by window. The file's answer is
 * the mean of its windows' probabilities; throws when the signal is shorter than one window.
 */
export async function predictWindows(
  model: tf.LayersModel,
  meta: ModelMeta,
  params: FeatureParams,
  pieces: AsyncIterable<Float32Array>,
  plan: WindowPlan,
  opts: TimelineOptions,
  file: string,
): Promise<WindowedPrediction> {
  const k = meta.mapping.length;
  const probs: number[] = [];
  const starts: number[] = [];
  const counted = { samples: 0 };
  const head = keepHead(pieces, plan.size);
  for await (const w of streamWindows(model, meta, params, head.pieces, plan, BATCH, counted)) {
    starts.push(w.start);
    for (const p of w.probabilities) probs.push(p);
  }
  // A recording shorter than one window is one window: a model trained on clips of any length (`segmentSeconds`)
  // sees it padded in the middle, as preprocessing padded its short clips; a course-layout model refuses it below.
  const shortest = Math.max(1, Math.ceil(minClipSeconds(params) * params.sr));
  if (starts.length === 0 && params.segmentSeconds !== undefined && counted.samples >= shortest) {
    const padded = (async function* () {
      yield centred(head.samples(), plan.size);
    })();
    for await (const w of streamWindows(model, meta, params, padded, plan, 1)) {
      starts.push(0);
      for (const p of w.probabilities) probs.push(p);
    }
  }
  const n = starts.length;
  if (n === 0 && params.segmentSeconds !== undefined) {
    throw new Error(
      `${file}: too short (${(counted.samples / params.sr).toFixed(2)} s of audio; the model was trained on clips of at least ${minClipSeconds(params).toFixed(2)} s)`,
    );
  }
  if (n === 0) {
    throw new Error(
      `${file}: shorter than one segment (${(counted.samples / params.sr).toFixed(2)} s of audio, a segment is ${(plan.size / params.sr).toFixed(2)} s)`,
    );
  }
  const all = Float32Array.from(probs);
  const mean = new Float64Array(k);
  for (let i = 0; i < all.length; i++) mean[i % k] += all[i] / n;
  const probabilities: GenreScore[] = meta.mapping.map((genre, g) => ({ genre, probability: mean[g] }));
  const top = [...probabilities].sort((a, b) => b.probability - a.probability).slice(0, opts.top);
  const smoothed = smoothProbabilities(all, k, opts.smooth, opts.smoothMethod);
  const seconds = (sample: number): number => plan.span.offset + sample / params.sr;
  const windows: WindowResult[] = starts.map((s, i) => ({
    start: seconds(s),
    end: seconds(Math.min(s + plan.size, counted.samples)),
    probabilities: smoothed.slice(i * k, (i + 1) * k),
  }));
  const prediction: FilePrediction & { ok: true } = { file, ok: true, segments: n, top, probabilities };
  if (opts.timeline) prediction.windows = windows.map((w) => timelineWindow(w, meta.mapping, opts.top));
  return { prediction, windows };
}

/** A window's top labels, as JSON gives them. */
export function timelineWindow(w: WindowResult, labels: string[], top: number): TimelineWindow {
  const ranked = labels
    .map((label, c) => ({ label, probability: w.probabilities[c] }))
    .sort((a, b) => b.probability - a.probability);
  return { start: w.start, end: w.end, top: ranked.slice(0, top) };
}

/** The label of each window (its largest probability), for merging into regions. */
export function windowLabels(
  windows: WindowResult[],
  labels: string[],
): { start: number; end: number; label: string }[] {
  return windows.map((w) => ({
    start: w.start,
    end: w.end,
    label: labels[argmaxRow(w.probabilities, labels.length, 0)],
  }));
}

/**
 * A recording's bytes (any format `predict` reads) predicted window by window: decoded, resampled and featurised
 * chunk by chunk. `onProgress` gets the fraction of the bytes read.
 */
export async function predictSource(
  model: tf.LayersModel,
  meta: ModelMeta,
  params: FeatureParams,
  source: ByteSource,
  file: string,
  opts: TimelineOptions,
  onProgress?: (fraction: number) => void,
): Promise<WindowedPrediction> {
  const plan = windowPlan(params, opts);
  const pieces = monoSignalStream(source, file, { sr: params.sr, span: plan.span, onProgress });
  return predictWindows(model, meta, params, pieces, plan, opts, file);
}
