import { createLogMelExtractor, createMfccExtractor, type Matrix } from '@audio-dl/dsp';
import { type FeatureParams, featureBands, segmentLayout } from './params';

export interface TrackFeatures {
  /** Kept segments' features, each transposed to [expectedVectors, bands]: shape [kept, expectedVectors, bands]. */
  features: Float32Array;
  /** Indices of the kept segments. */
  kept: number[];
  /** Segments dropped because they held fewer than `expectedVectors` MFCC vectors. */
  dropped: number;
}

/** Features of one segment, [bands, frames] (librosa orientation). */
export type SegmentExtractor = (y: Float32Array) => Matrix;

const extractors = new Map<string, SegmentExtractor>();

/** One extractor (window, filters, DCT precomputed) per parameter set, reused for every track. */
function extractorFor(params: FeatureParams): SegmentExtractor {
  const { sr, nFft, hopLength, nMels, fmin, fmax } = params;
  const key = `${params.features}/${sr}/${params.nMfcc}/${nFft}/${hopLength}/${nMels}/${fmin}/${fmax}`;
  let extract = extractors.get(key);
  if (!extract) {
    extract =
      params.features === 'logmel'
        ? createLogMelExtractor({ sr, nFft, hopLength, nMels, fmin, fmax })
        : createMfccExtractor({ sr, nMfcc: params.nMfcc, nFft, hopLength, nMels, fmin, fmax });
    extractors.set(key, extract);
  }
  return extract;
}

/**
 * With `params.segmentSeconds`, cuts a clip of any length into whole segments, a clip shorter than one centred in
 * silence (`clipSegmentCount`). Otherwise splits the first `duration` seconds of `signal` into `segments` equal parts and returns each full
 * part's MFCC (or log-mel) transposed (§09.4). A part with fewer vectors than expected (a track a little under
 * `duration`) is dropped, as the course's `if len(mfcc) == expected_num_mfcc_vectors` does.
 */
export function trackFeatures(
  signal: Float32Array,
  params: FeatureParams,
  extract: SegmentExtractor = extractorFor(params),
): TrackFeatures {
  const { samplesPerSegment, expectedVectors } = segmentLayout(params);
  const { hopLength } = params;
  const bands = featureBands(params);
  const rowSize = expectedVectors * bands;
  const count = clipSegmentCount(signal.length, params) ?? params.segments;
  const buffer = new Float32Array(count * rowSize);
  const kept: number[] = [];
  for (let s = 0; s < count; s++) {
    const start = s * samplesPerSegment;
    const segment =
      params.segmentSeconds !== undefined && signal.length < samplesPerSegment
        ? centred(signal, samplesPerSegment)
        : signal.subarray(start, Math.min(start + samplesPerSegment, signal.length));
    // librosa's centred framing yields 1 + floor(n / hop) vectors: skip the MFCC of a part too short to keep.
    if (1 + Math.floor(segment.length / hopLength) < expectedVectors) continue;
    const m = extract(segment);
    const frames = m.shape[1];
    if (m.shape[0] !== bands || frames < expectedVectors) continue;
    // A segment of exactly k·hop samples yields k + 1 vectors; keep the first expectedVectors.
    const out = buffer.subarray(kept.length * rowSize, (kept.length + 1) * rowSize);
    for (let c = 0; c < bands; c++) {
      const row = c * frames;
      for (let t = 0; t < expectedVectors; t++) out[t * bands + c] = m.data[row + t];
    }
    kept.push(s);
  }
  const features = kept.length === count ? buffer : buffer.slice(0, kept.length * rowSize);
  return { features, kept, dropped: count - kept.length };
}

/**
 * The audio segment `s` of a clip holds, in seconds of its file: the clip starts `from` s into the file and has
 * `seconds` of audio (a padded clip: all of it).
 */
export function segmentSpan(
  s: number,
  params: FeatureParams,
  from: number,
  seconds: number,
): { start: number; end: number } {
  const length = segmentLayout(params).samplesPerSegment / params.sr;
  return { start: from + s * length, end: from + Math.min((s + 1) * length, seconds) };
}

/**
 * Segments a clip of `samples` gives with `segmentSeconds`: every whole segment, and one (padded) for a clip shorter
 * than a segment; the rest of a longer clip after its last whole segment is not used. Null for the course's layout.
 */
export function clipSegmentCount(samples: number, params: FeatureParams): number | null {
  if (params.segmentSeconds === undefined) return null;
  return Math.max(1, Math.floor(samples / segmentLayout(params).samplesPerSegment));
}

/** `signal` in the middle of `length` samples of silence (how a clip shorter than a segment is kept and predicted). */
export function centred(signal: Float32Array, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(signal.subarray(0, length), Math.max(0, Math.floor((length - signal.length) / 2)));
  return out;
}
